// One month as a calendar, each day shaded by its number of calls (Monday-first weeks).
import { formatDay, formatMonth, formatNumber } from "../../format";
import { t } from "../../i18n";
import type { DailySummary } from "../../types";
import { ChartTable, Loading } from "./chart";
import { A_MONDAY, addDays, firstOfMonth, monthOf, weekdayIndex } from "./dates";
import type { RequestState } from "./useRequest";

const CELL = 40;
const GAP = 4;
const HEAD = 22;
const LEVELS = 4;

interface MonthHeatmapProps {
  month: string;
  /** This month in the chosen zone. */
  current: string;
  state: RequestState<DailySummary>;
  onMonth: (month: string) => void;
  onRetry: () => void;
}

function shiftMonth(month: string, by: number): string {
  const [year, number] = month.split("-").map(Number) as [number, number];
  const date = new Date(Date.UTC(year, number - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}

/** The last three years up to this month, newest first, and the chosen month if it is older or later. */
function monthChoices(current: string, chosen: string): string[] {
  const months = Array.from({ length: 36 }, (_, index) => shiftMonth(current, -index));
  return months.includes(chosen) ? months : [chosen, ...months].sort().reverse();
}

export function MonthHeatmap({ month, current, state, onMonth, onRetry }: MonthHeatmapProps) {
  return (
    <div className="heatmap" data-testid="heatmap">
      <div className="heatmap__controls">
        <button type="button" className="button button--small button--secondary" onClick={() => onMonth(shiftMonth(month, -1))}>
          <span aria-hidden="true">‹</span>
          <span className="visually-hidden">{t("summary.prevMonth")}</span>
        </button>
        <label className="heatmap__month">
          <span className="visually-hidden">{t("summary.month")}</span>
          <select className="input input--compact" value={month} onChange={(change) => onMonth(change.target.value)}>
            {monthChoices(current, month).map((choice) => (
              <option key={choice} value={choice}>
                {formatMonth(choice)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--small button--secondary" onClick={() => onMonth(shiftMonth(month, 1))}>
          <span aria-hidden="true">›</span>
          <span className="visually-hidden">{t("summary.nextMonth")}</span>
        </button>
      </div>
      {state.status === "error" && (
        <div className="notice notice--error" role="alert">
          <span>{t("summary.error", { message: state.message })}</span>
          <button type="button" className="button button--small" onClick={onRetry}>
            {t("common.retry")}
          </button>
        </div>
      )}
      {state.data && state.data.from === firstOfMonth(month) ? <Calendar month={month} summary={state.data} /> : <Loading state={state} />}
    </div>
  );
}

function Calendar({ month, summary }: { month: string; summary: DailySummary }) {
  const days = summary.days.filter((day) => monthOf(day.date) === month);
  const max = Math.max(0, ...days.map((day) => day.calls));
  const lead = weekdayIndex(firstOfMonth(month));
  const weeks = Math.ceil((lead + days.length) / 7);
  const width = 7 * (CELL + GAP);
  const height = HEAD + weeks * (CELL + GAP);
  const level = (calls: number) => (calls === 0 || max === 0 ? 0 : Math.max(1, Math.ceil((calls / max) * LEVELS)));

  return (
    <figure className="chart chart--heatmap">
      <svg
        className="chart__svg heatmap__svg"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={t("summary.heatmapLabel", { month: formatMonth(month), max: formatNumber(max) })}
      >
        {Array.from({ length: 7 }, (_, index) => (
          <text key={index} className="chart__axis" x={index * (CELL + GAP) + CELL / 2} y={14} textAnchor="middle">
            {formatDay(addDays(A_MONDAY, index), "weekday")}
          </text>
        ))}
        {days.map((day, index) => {
          const cell = lead + index;
          const x = (cell % 7) * (CELL + GAP);
          const y = HEAD + Math.floor(cell / 7) * (CELL + GAP);
          return (
            <g key={day.date} data-testid="heat-day" data-date={day.date} data-calls={day.calls}>
              <title>{t("summary.dayCalls", { day: formatDay(day.date, "long"), count: formatNumber(day.calls) })}</title>
              <rect className={`heat heat--${level(day.calls)}`} x={x} y={y} width={CELL} height={CELL} rx={5} />
              <text className="heat__day" x={x + 6} y={y + 15}>
                {Number(day.date.slice(8))}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="heatmap__legend">
        <span>{t("summary.legendFewer")}</span>
        {Array.from({ length: LEVELS + 1 }, (_, index) => (
          <span key={index} className={`swatch heat-swatch--${index}`} aria-hidden="true" />
        ))}
        <span>{t("summary.legendMore")}</span>
      </figcaption>
      <ChartTable
        head={[t("summary.day"), t("summary.calls")]}
        rows={days.map((day) => [formatDay(day.date, "long"), formatNumber(day.calls)])}
      />
    </figure>
  );
}
