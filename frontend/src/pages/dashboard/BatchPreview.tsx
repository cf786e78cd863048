import { useState } from "react";
import { formatPhone } from "../../phone";
import type { RejectedRow } from "./api";
import type { ListRow } from "./numbers";
import { hasMessage, t } from "./t";
import type { RowVerdict } from "./useBatchInput";

/** Rows drawn at first, and added per "Show more": a list of thousands stays quick to type into. */
const FIRST_ROWS = 100;
const MORE_ROWS = 500;
/** Reasons spelled out in the one-line summary; the table has them all. */
const SUMMARY_REASONS = 5;

/** "Row 12 has no number", from the code (the server's English `reason` if the code is new to us). */
export function rejectionSentence(entry: RejectedRow): string {
  const key = `dashboard.reason.${entry.code}`;
  if (!hasMessage(key)) return t("dashboard.reason.other", { row: entry.row, reason: entry.reason });
  return t(key, { row: entry.row, other: entry.duplicate_of ?? "?" });
}

/** "No number", for the row's own line in the table. */
function rejectionShort(entry: RejectedRow): string {
  const key = `dashboard.short.${entry.code}`;
  if (!hasMessage(key)) return entry.reason;
  return t(key, { other: entry.duplicate_of ?? "?" });
}

/** "17 will be called, 3 rejected: Row 12 has no number; Row 20 is the same number as row 3; …" */
export function BatchSummary({ accepted, rejected }: { accepted: number; rejected: RejectedRow[] }) {
  if (rejected.length === 0) {
    return <strong>{t("dashboard.batch.summary.allGood", { accepted })}</strong>;
  }
  const sorted = [...rejected].sort((a, b) => a.row - b.row);
  const reasons = sorted.slice(0, SUMMARY_REASONS).map(rejectionSentence);
  const untold = sorted.length - SUMMARY_REASONS;
  if (untold > 0) reasons.push(t("dashboard.batch.summary.more", { count: untold }));
  return (
    <>
      <strong>{t("dashboard.batch.summary", { accepted, rejected: rejected.length })}</strong>
      {": "}
      <span data-testid="batch-reasons">{reasons.join("; ")}</span>
    </>
  );
}

interface BatchPreviewProps {
  rows: ListRow[];
  verdicts: ReadonlyMap<number, RowVerdict>;
  /** The server is checking the list now (else rows without a verdict were not checked: too many, an error). */
  checking: boolean;
  showContext: boolean;
  rejectedCount: number;
}

export function BatchPreview({ rows, verdicts, checking, showContext, rejectedCount }: BatchPreviewProps) {
  const [onlyRejected, setOnlyRejected] = useState(false);
  const [limit, setLimit] = useState(FIRST_ROWS);
  const filtering = onlyRejected && rejectedCount > 0;
  const shown = filtering ? rows.filter((row) => verdicts.get(row.row)?.kind === "rejected") : rows;
  const hidden = shown.length - limit;

  return (
    <div className="preview" data-testid="batch-preview">
      {rejectedCount > 0 && (
        <fieldset className="preview__filter">
          <legend className="visually-hidden">{t("dashboard.preview.show")}</legend>
          <label>
            <input type="radio" name="preview-filter" checked={!filtering} onChange={() => setOnlyRejected(false)} />
            {t("dashboard.preview.filter.all", { count: rows.length })}
          </label>
          <label>
            <input type="radio" name="preview-filter" checked={filtering} onChange={() => setOnlyRejected(true)} />
            {t("dashboard.preview.filter.rejected", { count: rejectedCount })}
          </label>
        </fieldset>
      )}
      <div className="preview__scroll" tabIndex={0} role="region" aria-labelledby="preview-caption">
        <table className="preview__table">
          <caption id="preview-caption" className="visually-hidden">
            {t("dashboard.preview.caption")}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t("dashboard.preview.row")}</th>
              <th scope="col">{t("dashboard.preview.input")}</th>
              {showContext && <th scope="col">{t("dashboard.preview.context")}</th>}
              <th scope="col">{t("dashboard.preview.result")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, limit).map((row) => (
              <PreviewRow
                key={row.row}
                row={row}
                verdict={verdicts.get(row.row)}
                checking={checking}
                showContext={showContext}
              />
            ))}
          </tbody>
        </table>
      </div>
      {hidden > 0 && (
        <button
          type="button"
          className="button button--secondary button--small preview__more"
          onClick={() => setLimit((n) => n + MORE_ROWS)}
        >
          {t("dashboard.preview.more", { count: Math.min(hidden, MORE_ROWS) })}
        </button>
      )}
    </div>
  );
}

interface PreviewRowProps {
  row: ListRow;
  verdict: RowVerdict | undefined;
  checking: boolean;
  showContext: boolean;
}

function PreviewRow({ row, verdict, checking, showContext }: PreviewRowProps) {
  const kind = verdict?.kind ?? (checking ? "checking" : "unchecked");
  return (
    <tr
      className={`preview__row preview__row--${kind}`}
      data-testid="preview-row"
      data-row={row.row}
      data-verdict={kind}
      data-code={verdict?.kind === "rejected" ? verdict.entry.code : undefined}
    >
      <td className="preview__number">{row.row}</td>
      <td className="preview__input">{row.input || <span className="muted">{t("dashboard.preview.empty")}</span>}</td>
      {showContext && <td className="preview__context">{row.context}</td>}
      <td className="preview__result">
        {verdict?.kind === "accepted" && t("dashboard.preview.willCall", { number: formatPhone(verdict.entry.to) })}
        {verdict?.kind === "rejected" && rejectionShort(verdict.entry)}
        {!verdict && (
          <span className="muted">{t(checking ? "dashboard.preview.checking" : "dashboard.preview.unchecked")}</span>
        )}
      </td>
    </tr>
  );
}
