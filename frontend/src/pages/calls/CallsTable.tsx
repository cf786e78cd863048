// The calls of one page as a table: sortable headers (aria-sort), rows that open with Enter or a click.
import type { KeyboardEvent } from "react";
import { OutcomeBadge, StatusBadge } from "../../components/Badges";
import { formatFull, formatWhen } from "../../format";
import { t, type MessageId } from "../../i18n";
import { displayNumber } from "../../phone";
import type { CallPublic, HistorySort } from "../../types";
import { nextSort, sortParts } from "./query";

type SortColumn = "created_at" | "status" | "outcome";

interface CallsTableProps {
  calls: CallPublic[];
  sort: HistorySort;
  selectedSid: string | null;
  onSort: (sort: HistorySort) => void;
  onOpen: (call: CallPublic) => void;
}

export function CallsTable({ calls, sort, selectedSid, onSort, onOpen }: CallsTableProps) {
  const now = new Date();
  return (
    <div className="table-scroll">
      <table className="calls-table" data-testid="calls-table">
        <thead>
          <tr>
            <th scope="col">{t("calls.col.number")}</th>
            <SortHeader column="status" label="calls.col.status" sort={sort} onSort={onSort} />
            <SortHeader column="outcome" label="calls.col.outcome" sort={sort} onSort={onSort} />
            <th scope="col">{t("calls.col.keys")}</th>
            <SortHeader column="created_at" label="calls.col.time" sort={sort} onSort={onSort} />
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => (
            <CallRow
              key={call.execution_sid}
              call={call}
              now={now}
              selected={call.execution_sid === selectedSid}
              onOpen={onOpen}
            />
          ))}
        </tbody>
      </table>
      <p id="calls-open-hint" className="visually-hidden">
        {t("history.openHint")}
      </p>
    </div>
  );
}

interface SortHeaderProps {
  column: SortColumn;
  label: MessageId;
  sort: HistorySort;
  onSort: (sort: HistorySort) => void;
}

function SortHeader({ column, label, sort, onSort }: SortHeaderProps) {
  const { column: active, descending } = sortParts(sort);
  const direction = active === column ? (descending ? "descending" : "ascending") : undefined;
  return (
    <th scope="col" aria-sort={direction ?? "none"} data-testid={`sort-${column}`}>
      <button
        type="button"
        className="sort-button"
        title={t("history.sortBy", { column: t(label) })}
        onClick={() => onSort(nextSort(sort, column))}
      >
        {t(label)}
        <span className={`sort-button__arrow sort-button__arrow--${direction ?? "none"}`} aria-hidden="true" />
      </button>
    </th>
  );
}

/** Arrow keys move between rows; Enter or Space opens the call. */
function onRowKey(event: KeyboardEvent<HTMLTableRowElement>, open: () => void) {
  const row = event.currentTarget;
  if (event.key === "Enter" || event.key === " ") {
    event.preventDefault();
    open();
  } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    const next = event.key === "ArrowDown" ? row.nextElementSibling : row.previousElementSibling;
    if (next instanceof HTMLElement) next.focus();
  }
}

interface CallRowProps {
  call: CallPublic;
  now: Date;
  selected: boolean;
  onOpen: (call: CallPublic) => void;
}

function CallRow({ call, now, selected, onOpen }: CallRowProps) {
  const open = () => onOpen(call);
  return (
    <tr
      className={`calls-table__row${selected ? " calls-table__row--selected" : ""}`}
      tabIndex={0}
      aria-describedby="calls-open-hint"
      data-testid="history-row"
      data-execution-sid={call.execution_sid}
      data-status={call.status}
      data-outcome={call.outcome}
      data-created-at={call.created_at}
      onClick={open}
      onKeyDown={(event) => onRowKey(event, open)}
    >
      <td className="calls-table__number">{displayNumber(call.to)}</td>
      <td>
        <StatusBadge status={call.status} />
      </td>
      <td>
        <OutcomeBadge outcome={call.outcome} />
      </td>
      <td className="calls-table__keys">
        <span className="visually-hidden">{t("calls.keysPrefix")} </span>
        {call.digits ?? t("calls.noKeys")}
      </td>
      <td className="calls-table__time">
        <time dateTime={call.created_at} title={formatFull(call.created_at)}>
          {formatWhen(call.created_at, now)}
        </time>
      </td>
    </tr>
  );
}
