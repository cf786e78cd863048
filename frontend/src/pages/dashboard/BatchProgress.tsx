import { useEffect, useRef, useState } from "react";
import type { Batch } from "./api";
import { rejectionSentence } from "./BatchPreview";
import { formatNumber } from "../../format";
import { t } from "./t";
import type { Batches } from "./useBatches";

/** One panel per batch the page knows of, newest first. */
interface BatchProgressListProps {
  batches: Batches;
  canCancel: boolean;
  /** The batch just started from this page: its panel takes the focus when it appears. */
  focusId: string | null;
}

export function BatchProgressList({ batches, canCancel, focusId }: BatchProgressListProps) {
  if (batches.list.length === 0 && !batches.loadError) return null;
  return (
    <div className="progress-list">
      {batches.loadError && (
        <p className="notice notice--error" role="alert">
          {t("dashboard.progress.loadError", { message: batches.loadError })}
        </p>
      )}
      {batches.list.map((batch) => (
        <BatchProgress
          key={batch.batch_id}
          batch={batch}
          batches={batches}
          canCancel={canCancel}
          focus={batch.batch_id === focusId}
        />
      ))}
    </div>
  );
}

interface BatchProgressProps {
  batch: Batch;
  batches: Batches;
  canCancel: boolean;
  focus: boolean;
}

function BatchProgress({ batch, batches, canCancel, focus }: BatchProgressProps) {
  const [confirming, setConfirming] = useState(false);
  const panelRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focus) panelRef.current?.focus();
  }, [focus]);
  const cancelState = batches.cancelling.get(batch.batch_id) ?? { status: "idle" };
  const done = batch.started + batch.failed;
  const percent = batch.total > 0 ? Math.round((done / batch.total) * 100) : batch.status === "running" ? 0 : 100;
  const count = formatNumber;
  const titleId = `batch-${batch.batch_id}-title`;

  return (
    <section
      ref={panelRef}
      tabIndex={-1}
      className={`progress progress--${batch.status}`}
      aria-labelledby={titleId}
      data-testid="batch-progress"
      data-batch-id={batch.batch_id}
      data-status={batch.status}
    >
      <div className="progress__head">
        <h3 id={titleId} className="progress__title">
          {t("dashboard.progress.title", { total: count(batch.total) })}
        </h3>
        <span
          className={`progress__status progress__status--${batch.status}`}
          role="status"
          data-testid="batch-status"
        >
          {t(`dashboard.progress.status.${batch.status}`)}
        </span>
      </div>

      <div
        className="progress__bar"
        role="progressbar"
        aria-label={t("dashboard.progress.bar", { total: count(batch.total) })}
        aria-valuemin={0}
        aria-valuemax={batch.total}
        aria-valuenow={done}
        data-testid="batch-bar"
      >
        <span className="progress__fill progress__fill--started" style={{ width: share(batch.started, batch.total) }} />
        <span className="progress__fill progress__fill--failed" style={{ width: share(batch.failed, batch.total) }} />
      </div>

      <dl className="progress__counts">
        <Count id="started" label={t("dashboard.progress.started")} value={count(batch.started)} />
        <Count id="failed" label={t("dashboard.progress.failed")} value={count(batch.failed)} />
        {batch.status === "cancelled" ? (
          <Count id="cancelled" label={t("dashboard.progress.cancelled")} value={count(batch.cancelled)} />
        ) : (
          <Count id="remaining" label={t("dashboard.progress.remaining")} value={count(batch.remaining)} />
        )}
        <div className="progress__percent" aria-hidden="true">
          {percent}%
        </div>
      </dl>

      {batch.rejected && batch.rejected.length > 0 && (
        <details className="progress__failures" data-testid="batch-rejected">
          <summary>{t("dashboard.progress.rejected", { count: count(batch.rejected.length) })}</summary>
          <ul>
            {[...batch.rejected]
              .sort((a, b) => a.row - b.row)
              .map((entry) => (
                <li key={entry.row}>{rejectionSentence(entry)}</li>
              ))}
          </ul>
        </details>
      )}
      {batch.failures.length > 0 && (
        <details className="progress__failures">
          <summary>{t("dashboard.progress.failures")}</summary>
          <ul>
            {batch.failures.map((failure, index) => (
              <li key={`${failure.row ?? "?"}-${index}`}>
                {failure.row === null
                  ? t("dashboard.progress.failure.noRow", { reason: failure.reason })
                  : t("dashboard.progress.failure", { row: failure.row, reason: failure.reason })}
              </li>
            ))}
          </ul>
        </details>
      )}

      {cancelState.status === "error" && (
        <p className="field__error" role="alert">
          {t("dashboard.progress.cancelError", { message: cancelState.message })}
        </p>
      )}
      <div className="progress__actions">
        {batch.status === "running" && canCancel && !confirming && (
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => setConfirming(true)}
            disabled={cancelState.status === "cancelling" || batch.remaining === 0}
          >
            {t("dashboard.progress.cancel")}
          </button>
        )}
        {batch.status === "running" && confirming && (
          <div className="progress__confirm" role="group" aria-label={t("dashboard.progress.cancel")}>
            <span>{t("dashboard.progress.confirm", { count: count(batch.remaining) })}</span>
            <button
              type="button"
              className="button button--danger button--small"
              disabled={cancelState.status === "cancelling"}
              onClick={() => {
                batches.cancel(batch.batch_id);
                setConfirming(false);
              }}
            >
              {t("dashboard.progress.confirm.yes")}
            </button>
            <button
              type="button"
              className="button button--secondary button--small"
              // The safe answer has the focus: Enter pressed by habit does not stop the calls.
              autoFocus
              onClick={() => setConfirming(false)}
            >
              {t("dashboard.progress.confirm.no")}
            </button>
          </div>
        )}
        {batch.status !== "running" && (
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => batches.dismiss(batch.batch_id)}
          >
            {t("dashboard.progress.dismiss")}
          </button>
        )}
      </div>
    </section>
  );
}

/** A CSS width: `part` of `total` as a percentage. */
function share(part: number, total: number): string {
  return `${total > 0 ? Math.min(100, (part / total) * 100) : 0}%`;
}

function Count({ id, label, value }: { id: string; label: string; value: string }) {
  return (
    <div className={`progress__count progress__count--${id}`} data-testid={`batch-${id}`}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
