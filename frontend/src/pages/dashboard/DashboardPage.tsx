// Placeholder dashboard (issue 6 replaces it): the call form, recent calls and the live feed.
import { useState } from "react";
import { CallDetail } from "../../components/CallDetail";
import { CallForm } from "../../components/CallForm";
import { CallList } from "../../components/CallList";
import { EventFeed } from "../../components/EventFeed";
import { useDashboard } from "../../state/useDashboard";
import type { Me } from "../../types";

export function DashboardPage({ me }: { me: Me }) {
  const { store, feed, addStartedCall } = useDashboard();
  const [selectedSid, setSelectedSid] = useState<string | null>(null);
  const selected = selectedSid ? store.byId.get(selectedSid) : undefined;

  return (
    <div className="layout">
      <div className="layout__main">
        {me.role !== "viewer" && <CallForm onStarted={addStartedCall} />}
        <CallList store={store} selectedSid={selectedSid} onOpen={setSelectedSid} />
      </div>
      <aside className="layout__side">
        <EventFeed events={feed} />
      </aside>
      {selected && <CallDetail key={selected.execution_sid} call={selected} onClose={() => setSelectedSid(null)} />}
    </div>
  );
}
