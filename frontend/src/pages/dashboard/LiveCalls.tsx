import { CallRow } from "../../components/CallList";
import { t as tApp } from "../../i18n";
import type { CallStore } from "../../state/useCallStore";
import type { CallPublic } from "../../types";
import { t } from "./t";

/** Rows kept on screen; a big batch has many more running, and the Calls page lists them all. */
const ACTIVE_SHOWN = 25;

interface LiveCallsProps {
  store: CallStore;
  active: CallPublic[];
  recent: CallPublic[];
  selectedSid: string | null;
  onOpen: (executionSid: string) => void;
}

interface RowsProps extends Pick<LiveCallsProps, "selectedSid" | "onOpen"> {
  calls: CallPublic[];
  testId: string;
}

function Rows({ calls, selectedSid, onOpen, testId }: RowsProps) {
  const now = new Date();
  return (
    <ul className="call-list" data-testid={testId}>
      {calls.map((call) => (
        <li key={call.execution_sid}>
          <CallRow call={call} now={now} selected={call.execution_sid === selectedSid} onOpen={onOpen} />
        </li>
      ))}
    </ul>
  );
}

export function LiveCalls({ store, active, recent, selectedSid, onOpen }: LiveCallsProps) {
  const { history } = store;
  const loading = history.status === "loading" && active.length === 0 && recent.length === 0;
  const hidden = active.length - ACTIVE_SHOWN;
  return (
    <section className="card calls" aria-labelledby="live-title" aria-busy={loading} data-testid="live-calls">
      <div className="card__header">
        <h2 id="live-title" className="card__title">
          {t("dashboard.live.title")}
        </h2>
        {active.length > 0 && (
          <span className="muted" data-testid="live-count">
            {t("dashboard.live.count", { count: active.length })}
          </span>
        )}
      </div>

      {history.status === "error" && (
        <div className="notice notice--error" role="alert" data-testid="live-error">
          <span>{t("dashboard.live.error", { message: history.message })}</span>
          <button type="button" className="button button--small" onClick={store.reload}>
            {t("dashboard.live.retry")}
          </button>
        </div>
      )}
      {loading && (
        <p className="calls__state" data-testid="live-loading">
          <span className="spinner spinner--dark" aria-hidden="true" />
          {t("dashboard.live.loading")}
        </p>
      )}

      {!loading && (active.length > 0 || recent.length > 0) && (
        <div className="call-row call-row--head" aria-hidden="true">
          <span>{tApp("calls.col.number")}</span>
          <span>{tApp("calls.col.status")}</span>
          <span>{tApp("calls.col.outcome")}</span>
          <span>{tApp("calls.col.keys")}</span>
          <span className="call-row__time">{tApp("calls.col.time")}</span>
        </div>
      )}
      {!loading && active.length === 0 && history.status !== "error" && (
        <p className="live__empty muted" data-testid="live-empty">
          {t("dashboard.live.empty")}
        </p>
      )}
      {active.length > 0 && (
        <Rows calls={active.slice(0, ACTIVE_SHOWN)} selectedSid={selectedSid} onOpen={onOpen} testId="live-active" />
      )}
      {hidden > 0 && <p className="muted live__more">{t("dashboard.live.more", { count: hidden })}</p>}

      {recent.length > 0 && (
        <>
          <h3 className="live__subtitle">{t("dashboard.live.recent")}</h3>
          <Rows calls={recent} selectedSid={selectedSid} onOpen={onOpen} testId="live-recent" />
        </>
      )}
    </section>
  );
}
