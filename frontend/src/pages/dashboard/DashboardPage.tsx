import { useState } from "react";
import { CallDetail } from "../../components/CallDetail";
import { CallForm } from "../../components/CallForm";
import { EventFeed } from "../../components/EventFeed";
import { useConfig } from "../../state/useOrgConfig";
import type { Me } from "../../types";
import type { BulkVerdict } from "./api";
import { BatchCard } from "./BatchCard";
import { BatchProgressList } from "./BatchProgress";
import { LiveCalls } from "./LiveCalls";
import { t } from "./t";
import { TodayFigures } from "./TodayFigures";
import { useLiveDashboard } from "./useLiveDashboard";
import "./dashboard.css";
import "./batch.css";

/** Ayşe's morning: today's figures, start one call or a whole list, and watch the answers arrive. */
export function DashboardPage({ me }: { me: Me }) {
  // The shell renders pages once the organisation's settings are known (its zone decides what "today" is).
  const config = useConfig();
  const live = useLiveDashboard(config.time_zone);
  const [selectedSid, setSelectedSid] = useState<string | null>(null);
  const selected = selectedSid ? live.store.byId.get(selectedSid) : undefined;
  const canStart = me.role !== "viewer";
  // The list's Start button goes away with the list: focus moves to the batch's progress instead.
  const [startedHere, setStartedHere] = useState<string | null>(null);
  const started = (verdict: BulkVerdict) => {
    live.batches.started(verdict);
    setStartedHere(verdict.batch_id);
  };

  return (
    <div className="dashboard" data-testid="dashboard-page">
      <h1 className="visually-hidden">{t("dashboard.title")}</h1>
      <TodayFigures today={live.stats} timeZone={config.time_zone} />

      <div className="dashboard__columns">
        <div className="dashboard__main">
          {!canStart && (
            <p className="notice dashboard__viewer" data-testid="viewer-note">
              {t("dashboard.viewerNote")}
            </p>
          )}
          {canStart && <CallForm onStarted={live.addStartedCall} />}
          <BatchProgressList batches={live.batches} canCancel={canStart} focusId={startedHere} />
          {canStart && <BatchCard maxNumbers={config.bulk_max_numbers} onStarted={started} />}
          <LiveCalls
            store={live.store}
            active={live.active}
            recent={live.recent}
            selectedSid={selectedSid}
            onOpen={setSelectedSid}
          />
        </div>
        <aside className="dashboard__side">
          <EventFeed events={live.feed} />
        </aside>
      </div>

      {selected && <CallDetail key={selected.execution_sid} call={selected} onClose={() => setSelectedSid(null)} />}
    </div>
  );
}
