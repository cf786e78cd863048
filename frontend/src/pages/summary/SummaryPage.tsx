// Figures for a range of days: totals, calls per day by answer, answer rate by hour, a month's calendar.
import { getDailySummary, getStats } from "../../api";
import { formatDay, isValidZone, today } from "../../format";
import { t } from "../../i18n";
import { navigate } from "../../route";
import { useConfig } from "../../state/useOrgConfig";
import { Loading } from "./chart";
import { DailyChart } from "./DailyChart";
import { firstOfMonth, isDay, isMonth, lastOfMonth, monthOf, presetRange } from "./dates";
import { HourChart } from "./HourChart";
import { MonthHeatmap } from "./MonthHeatmap";
import { RangePicker, type SummaryRange } from "./RangePicker";
import { Totals } from "./Totals";
import { useRequest } from "./useRequest";

/** The range, zone and month from the URL; the last 30 days in the clinic's zone by default. */
function rangeFromParams(params: URLSearchParams, orgZone: string): SummaryRange & { month: string } {
  const tzParam = params.get("tz");
  const tz = tzParam && isValidZone(tzParam) ? tzParam : orgZone;
  const fallback = presetRange("30", today(tz));
  const from = params.get("from");
  const to = params.get("to");
  const valid = isDay(from) && isDay(to) && from <= to;
  const range = valid ? { from, to } : fallback;
  const month = params.get("month");
  return { ...range, tz, month: isMonth(month) ? month : monthOf(range.to) };
}

export function SummaryPage({ params }: { params: URLSearchParams }) {
  const config = useConfig();
  const { from, to, tz, month } = rangeFromParams(params, config.time_zone);

  const go = (next: Partial<SummaryRange & { month: string }>) => {
    const merged = { from, to, tz, month, ...next };
    const query = new URLSearchParams({ from: merged.from, to: merged.to, month: merged.month });
    if (merged.tz !== config.time_zone) query.set("tz", merged.tz);
    navigate("summary", query);
  };

  const rangeKey = `${from}|${to}|${tz}`;
  const stats = useRequest(rangeKey, (signal) => getStats(from, to, tz, signal));
  const daily = useRequest(rangeKey, (signal) => getDailySummary(from, to, tz, signal));
  const monthDays = useRequest(`${month}|${tz}`, (signal) =>
    getDailySummary(firstOfMonth(month), lastOfMonth(month), tz, signal),
  );
  const failed = [stats.state, daily.state].find((state) => state.status === "error");
  // When either request for the range failed, show neither: totals of one range beside charts of another
  // would read as one picture.
  const totals = failed ? undefined : stats.state.data;
  const days = failed ? undefined : daily.state.data;
  const retry = () => {
    stats.retry();
    daily.retry();
  };
  const periodLabel = { from: formatDay(from, "long"), to: formatDay(to, "long") };

  return (
    <div className="page" data-testid="summary-page">
      <div className="page__header">
        <h1 className="page__title">{t("summary.title")}</h1>
      </div>
      <RangePicker range={{ from, to, tz }} orgZone={config.time_zone} onChange={go} />

      {failed?.status === "error" && (
        <div className="notice notice--error" role="alert" data-testid="summary-error">
          <span>{t("summary.error", { message: failed.message })}</span>
          <button type="button" className="button button--small" onClick={retry}>
            {t("common.retry")}
          </button>
        </div>
      )}

      <div className="summary-grid" aria-busy={stats.state.status === "loading" || daily.state.status === "loading"}>
        <section className="card summary-grid__wide" aria-labelledby="totals-title">
          <h2 id="totals-title" className="card__title">
            {t("summary.totals")}
          </h2>
          {totals ? <Totals stats={totals} /> : <Loading state={failed ?? stats.state} />}
        </section>

        <section className="card summary-grid__wide" aria-labelledby="daily-title">
          <h2 id="daily-title" className="card__title">
            {t("summary.daily")}
          </h2>
          {days ? <DailyChart days={days.days} period={periodLabel} /> : <Loading state={failed ?? daily.state} />}
        </section>

        <section className="card" aria-labelledby="hourly-title">
          <h2 id="hourly-title" className="card__title">
            {t("summary.hourly")}
          </h2>
          {days ? <HourChart hours={days.by_hour} period={periodLabel} /> : <Loading state={failed ?? daily.state} />}
        </section>

        <section className="card" aria-labelledby="heatmap-title">
          <h2 id="heatmap-title" className="card__title">
            {t("summary.heatmap")}
          </h2>
          <MonthHeatmap
            month={month}
            current={monthOf(today(tz))}
            state={monthDays.state}
            onMonth={(next) => go({ month: next })}
            onRetry={monthDays.retry}
          />
        </section>
      </div>
    </div>
  );
}
