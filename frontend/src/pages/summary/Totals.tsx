// The range's figures at a glance, counted per call.
import { formatNumber, formatPercent, outcomeLabel } from "../../format";
import { t } from "../../i18n";
import type { CallStats } from "../../types";

export function Totals({ stats }: { stats: CallStats }) {
  const figures: { id: string; label: string; value: string }[] = [
    { id: "calls", label: t("summary.calls"), value: formatNumber(stats.calls) },
    { id: "answered", label: t("summary.answered"), value: formatNumber(stats.answered) },
    { id: "not_reached", label: t("summary.notReached"), value: formatNumber(stats.not_reached) },
    { id: "in_progress", label: t("summary.inProgress"), value: formatNumber(stats.in_progress) },
    { id: "answer_rate", label: t("summary.answerRate"), value: formatPercent(stats.answer_rate) },
    ...(["confirmed", "cancelled", "voicemail"] as const).map((outcome) => ({
      id: outcome,
      label: outcomeLabel(outcome),
      value: formatNumber(stats.outcomes[outcome] ?? 0),
    })),
  ];
  return (
    <dl className="totals" data-testid="totals">
      {figures.map((figure) => (
        <div key={figure.id} className={`totals__item totals__item--${figure.id}`} data-testid={`total-${figure.id}`}>
          <dt>{figure.label}</dt>
          <dd>{figure.value}</dd>
        </div>
      ))}
    </dl>
  );
}
