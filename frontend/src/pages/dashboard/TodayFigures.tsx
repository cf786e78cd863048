import { formatDay, formatNumber, formatPercent } from "../../format";
import type { CallStats } from "../../types";
import { t } from "./t";
import type { DashboardMessageId } from "./strings";
import type { TodayStats } from "./useTodayStats";

interface Figure {
  id: string;
  label: DashboardMessageId;
  value: string;
  hint?: string;
  tone?: string;
}

function figuresOf(stats: CallStats): Figure[] {
  const count = (value: number | undefined) => formatNumber(value ?? 0);
  const rate = formatPercent(stats.answer_rate);
  return [
    {
      id: "calls",
      label: "dashboard.today.calls",
      value: count(stats.calls),
      hint: t("dashboard.today.inProgress", { count: count(stats.in_progress) }),
    },
    { id: "confirmed", label: "dashboard.today.confirmed", value: count(stats.outcomes.confirmed), tone: "confirmed" },
    { id: "cancelled", label: "dashboard.today.cancelled", value: count(stats.outcomes.cancelled), tone: "cancelled" },
    { id: "voicemail", label: "dashboard.today.voicemail", value: count(stats.outcomes.voicemail), tone: "voicemail" },
    {
      id: "not_reached",
      label: "dashboard.today.notReached",
      value: count(stats.not_reached),
      hint: t("dashboard.today.notReached.hint"),
    },
    { id: "answer_rate", label: "dashboard.today.answerRate", value: rate, hint: t("dashboard.today.answerRate.hint") },
  ];
}

export function TodayFigures({ today, timeZone }: { today: TodayStats; timeZone: string }) {
  const { state } = today;
  return (
    <section
      className="card figures"
      aria-labelledby="figures-title"
      aria-busy={state.status === "loading" || (state.status === "ready" && state.refreshing)}
      data-testid="today-figures"
    >
      <div className="card__header">
        <h2 id="figures-title" className="card__title">
          {t("dashboard.today.title")}
        </h2>
        {today.day && (
          <span className="muted" data-testid="today-day">
            {t("dashboard.today.subtitle", { date: formatDay(today.day, "long"), zone: timeZone })}
          </span>
        )}
      </div>

      {state.status === "loading" && (
        <p className="calls__state" data-testid="figures-loading">
          <span className="spinner spinner--dark" aria-hidden="true" />
          {t("dashboard.today.loading")}
        </p>
      )}
      {state.status === "error" && (
        <div className="notice notice--error" role="alert" data-testid="figures-error">
          <span>{t("dashboard.today.error", { message: state.message })}</span>
          <button type="button" className="button button--small" onClick={today.retry}>
            {t("dashboard.today.retry")}
          </button>
        </div>
      )}
      {state.status === "ready" && (
        <dl className="figures__grid">
          {figuresOf(state.stats).map((figure) => (
            <div
              key={figure.id}
              className={`figure${figure.tone ? ` figure--${figure.tone}` : ""}`}
              data-testid={`figure-${figure.id}`}
            >
              <dt className="figure__label">{t(figure.label)}</dt>
              <dd className="figure__value" data-testid="figure-value">
                {figure.value}
              </dd>
              {figure.hint && <dd className="figure__hint">{figure.hint}</dd>}
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
