// Answer rate for each hour of the day (in the chosen zone): 24 bars from 0 to 100 %.
import { formatNumber, formatPercent } from "../../format";
import { t } from "../../i18n";
import type { HourSummary } from "../../types";
import { ChartTable, useChartWidth } from "./chart";

const HEIGHT = 220;
const LEFT = 44;
const RIGHT = 6;
const TOP = 12;
const BOTTOM = 26;
const PLOT_H = HEIGHT - TOP - BOTTOM;

function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, "0")}:00`;
}

export function HourChart({ hours, period }: { hours: HourSummary[]; period: { from: string; to: string } }) {
  const [frame, width] = useChartWidth(480);
  const plotWidth = width - LEFT - RIGHT;
  const slot = plotWidth / 24;
  const barWidth = slot * 0.7;
  const y = (rate: number) => TOP + PLOT_H - rate * PLOT_H;
  const withCalls = hours.filter((hour) => hour.calls > 0);

  return (
    <figure className="chart" ref={frame} data-testid="hour-chart">
      <svg
        className="chart__svg"
        viewBox={`0 0 ${width} ${HEIGHT}`}
        width={width}
        height={HEIGHT}
        role="img"
        aria-label={t("summary.hourlyLabel", period)}
      >
        {[0, 0.5, 1].map((tick) => (
          <g key={tick} className="chart__grid">
            <line x1={LEFT} x2={width - RIGHT} y1={y(tick)} y2={y(tick)} />
            <text x={LEFT - 6} y={y(tick)} dy="0.32em" textAnchor="end">
              {formatPercent(tick)}
            </text>
          </g>
        ))}
        {hours.map((hour) => {
          const rate = hour.answer_rate ?? 0;
          const x = LEFT + hour.hour * slot;
          return (
            <g key={hour.hour} data-testid="hour-bar" data-hour={hour.hour} data-calls={hour.calls}>
              <title>
                {t("summary.hourBar", {
                  hour: hourLabel(hour.hour),
                  rate: formatPercent(hour.answer_rate),
                  answered: formatNumber(hour.answered),
                  calls: formatNumber(hour.calls),
                })}
              </title>
              <rect className="chart__hit" x={x} y={TOP} width={slot} height={PLOT_H} />
              {hour.calls > 0 && (
                <rect
                  className="bar bar--rate"
                  x={x + (slot - barWidth) / 2}
                  width={barWidth}
                  y={y(rate)}
                  height={Math.max(rate > 0 ? 1 : 0, TOP + PLOT_H - y(rate))}
                />
              )}
              {hour.hour % 3 === 0 && (
                <text className="chart__axis" x={x + slot / 2} y={HEIGHT - 8} textAnchor="middle">
                  {String(hour.hour).padStart(2, "0")}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {withCalls.length === 0 && <figcaption className="muted">{t("summary.noCalls")}</figcaption>}
      <ChartTable
        head={[t("summary.hour"), t("summary.calls"), t("summary.answered"), t("summary.answerRate")]}
        rows={withCalls.map((hour) => [
          hourLabel(hour.hour),
          formatNumber(hour.calls),
          formatNumber(hour.answered),
          formatPercent(hour.answer_rate),
        ])}
      />
    </figure>
  );
}
