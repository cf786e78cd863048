import { t } from "../i18n";
import { formatFull, formatWhen } from "../format";
import { displayNumber } from "../phone";
import type { CallStore } from "../state/useCallStore";
import type { CallPublic } from "../types";
import { OutcomeBadge, StatusBadge } from "./Badges";

interface CallListProps {
  store: CallStore;
  selectedSid: string | null;
  onOpen: (executionSid: string) => void;
}

export function CallList({ store, selectedSid, onOpen }: CallListProps) {
  const { calls, history, total } = store;
  const now = new Date();

  return (
    <section className="card calls" aria-labelledby="calls-title" aria-busy={history.status === "loading"}>
      <div className="card__header">
        <h2 id="calls-title" className="card__title">
          {t("calls.title")}
        </h2>
        {calls.length > 0 && (
          <span className="muted" data-testid="calls-count">
            {t("calls.count", { shown: calls.length, total: Math.max(total, calls.length) })}
          </span>
        )}
      </div>

      {history.status === "error" && (
        <div className="notice notice--error" data-testid="calls-error" role="alert">
          <span>{t("calls.error", { message: history.message })}</span>
          <button type="button" className="button button--small" onClick={store.reload}>
            {t("calls.retry")}
          </button>
        </div>
      )}

      {history.status === "loading" && calls.length === 0 && (
        <p className="calls__state" data-testid="calls-loading">
          <span className="spinner spinner--dark" aria-hidden="true" />
          {t("calls.loading")}
        </p>
      )}

      {history.status === "ready" && calls.length === 0 && (
        <p className="calls__state calls__state--empty" data-testid="calls-empty">
          {t("calls.empty")}
        </p>
      )}

      {calls.length > 0 && (
        <>
          <div className="call-row call-row--head" aria-hidden="true">
            <span>{t("calls.col.number")}</span>
            <span>{t("calls.col.status")}</span>
            <span>{t("calls.col.outcome")}</span>
            <span>{t("calls.col.keys")}</span>
            <span className="call-row__time">{t("calls.col.time")}</span>
          </div>
          <ul className="call-list" data-testid="call-list">
            {calls.map((call) => (
              <li key={call.execution_sid}>
                <CallRow call={call} now={now} selected={call.execution_sid === selectedSid} onOpen={onOpen} />
              </li>
            ))}
          </ul>
        </>
      )}

      {store.hasMore && (
        <button
          type="button"
          className="button button--secondary calls__more"
          onClick={store.loadMore}
          disabled={store.loadingMore}
        >
          {t(store.loadingMore ? "calls.loadingMore" : "calls.more")}
        </button>
      )}
    </section>
  );
}

export interface CallRowProps {
  call: CallPublic;
  now: Date;
  selected: boolean;
  onOpen: (executionSid: string) => void;
}

export function CallRow({ call, now, selected, onOpen }: CallRowProps) {
  return (
    <button
      type="button"
      className={`call-row${selected ? " call-row--selected" : ""}`}
      data-testid="call-row"
      data-execution-sid={call.execution_sid}
      data-to={call.to}
      data-status={call.status}
      data-outcome={call.outcome}
      aria-haspopup="dialog"
      onClick={() => onOpen(call.execution_sid)}
    >
      <span className="call-row__number">{displayNumber(call.to)}</span>
      <span className="call-row__cell">
        <StatusBadge status={call.status} />
      </span>
      <span className="call-row__cell">
        <OutcomeBadge outcome={call.outcome} />
      </span>
      <span className="call-row__keys" data-testid="call-digits">
        <span className="visually-hidden">{t("calls.keysPrefix")} </span>
        {call.digits ?? t("calls.noKeys")}
      </span>
      <time className="call-row__time" dateTime={call.created_at} title={formatFull(call.created_at)}>
        {formatWhen(call.created_at, now)}
      </time>
    </button>
  );
}
