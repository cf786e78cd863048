import { t } from "../i18n";
import { outcomeLabel, statusLabel } from "../format";

/** Twilio's call status, e.g. "Ringing"; neutral styling, the outcome carries the colour. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge badge--status badge--status-${status}`} data-testid="status-badge">
      <span className="visually-hidden">{t("calls.statusPrefix")} </span>
      {statusLabel(status)}
    </span>
  );
}

/** What the person answered, e.g. "Confirmed". */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <span className={`badge badge--outcome badge--outcome-${outcome}`} data-testid="outcome-badge">
      <span className="visually-hidden">{t("calls.outcomePrefix")} </span>
      {outcomeLabel(outcome)}
    </span>
  );
}
