// Calls per day as stacked bars by answer: hand-written SVG, with the same figures as a table.
import { formatDay, formatNumber, outcomeLabel } from "../../format";
import { t } from "../../i18n";
import type { CallOutcome, DaySummary } from "../../types";
import { ChartTable, niceMax, useChartWidth } from "./chart";
import { STACK_ORDER } from "./palette";

const HEIGHT = 260;
const LEFT = 40;
const RIGHT = 8;
const TOP = 12;
const BOTTOM = 28;
const PLOT_H = HEIGHT - TOP - BOTTOM;
/** At most this many day labels under the bars; the rest are in each bar's tooltip and the table. */
const MAX_LABELS = 10;

interface DailyChartProps {
  days: DaySummary[];
  period: { from: string; to: string };
}

function dayTitle(day: DaySummary): string {
  const lines = [t("summary.dayCalls", { day: formatDay(day.date, "long"), count: formatNumber(day.calls) })];
  for (const outcome of STACK_ORDER) {
    const count = day.outcomes[outcome] ?? 0;
    if (count) lines.push(`${outcomeLabel(outcome)}: ${formatNumber(count)}`);
  }
  return lines.join("\n");
}

export function DailyChart({ days, period }: DailyChartProps) {
  const total = days.reduce((sum, day) => sum + day.calls, 0);
  const top = niceMax(Math.max(0, ...days.map((day) => day.calls)));
  const [frame, width] = useChartWidth(960);
  const plotWidth = width - LEFT - RIGHT;
  const slot = plotWidth / Math.max(1, days.length);
  const barWidth = Math.max(1, Math.min(40, slot * 0.72));
  const labelEvery = Math.ceil(days.length / MAX_LABELS);
  const used: CallOutcome[] = STACK_ORDER.filter((outcome) => days.some((day) => (day.outcomes[outcome] ?? 0) > 0));
  const y = (value: number) => TOP + PLOT_H - (value / top) * PLOT_H;

  return (
    <figure className="chart" ref={frame} data-testid="daily-chart">
      <svg
        className="chart__svg"
        viewBox={`0 0 ${width} ${HEIGHT}`}
        width={width}
        height={HEIGHT}
        role="img"
        aria-label={t("summary.dailyLabel", { ...period, calls: formatNumber(total) })}
      >
        {(top % 2 === 0 ? [0, top / 2, top] : [0, top]).map((tick) => (
          <g key={tick} className="chart__grid">
            <line x1={LEFT} x2={width - RIGHT} y1={y(tick)} y2={y(tick)} />
            <text x={LEFT - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {formatNumber(tick)}
            </text>
          </g>
        ))}
        {days.map((day, index) => {
          const x = LEFT + index * slot + (slot - barWidth) / 2;
          let stacked = 0;
          return (
            <g key={day.date} data-testid="day-bar" data-date={day.date} data-calls={day.calls}>
              <title>{dayTitle(day)}</title>
              {/* An invisible full-height target, so that a day without calls still shows its tooltip. */}
              <rect className="chart__hit" x={LEFT + index * slot} y={TOP} width={slot} height={PLOT_H} />
              {STACK_ORDER.map((outcome) => {
                const count = day.outcomes[outcome] ?? 0;
                if (!count) return null;
                const y0 = y(stacked);
                stacked += count;
                return (
                  <rect
                    key={outcome}
                    className={`bar bar--${outcome}`}
                    x={x}
                    width={barWidth}
                    y={y(stacked)}
                    height={Math.max(0, y0 - y(stacked))}
                  />
                );
              })}
              {index % labelEvery === 0 && (
                <text className="chart__axis" x={LEFT + index * slot + slot / 2} y={HEIGHT - 8} textAnchor="middle">
                  {formatDay(day.date)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {total === 0 ? (
        <figcaption className="muted">{t("summary.noCalls")}</figcaption>
      ) : (
        <figcaption>
          <ul className="legend" data-testid="daily-legend">
            {used.map((outcome) => (
              <li key={outcome}>
                <span className={`swatch swatch--${outcome}`} aria-hidden="true" />
                {outcomeLabel(outcome)}
              </li>
            ))}
          </ul>
        </figcaption>
      )}
      <ChartTable
        head={[t("summary.day"), t("summary.calls"), ...used.map(outcomeLabel)]}
        rows={days.map((day) => [
          formatDay(day.date, "long"),
          formatNumber(day.calls),
          ...used.map((outcome) => formatNumber(day.outcomes[outcome] ?? 0)),
        ])}
      />
    </figure>
  );
}
