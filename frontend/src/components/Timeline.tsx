import { t } from "../i18n";
import { formatClock, formatFull, kindLabel } from "../format";
import type { CallEventPublic } from "../types";

/** Fields worth a glance, in the order shown; the raw payload below holds everything else. */
const MAIN_FIELDS = [
  "digits",
  "action",
  "call_status",
  "answered_by",
  "widget_name",
  "duration",
  "sequence_number",
] as const;

function mainFields(fields: Record<string, unknown>): [string, string][] {
  const shown: [string, string][] = [];
  for (const name of MAIN_FIELDS) {
    const value = fields[name];
    if (value === null || value === undefined || value === "") continue;
    if (typeof value === "object") continue;
    shown.push([name, String(value)]);
  }
  return shown;
}

export function Timeline({ events }: { events: CallEventPublic[] }) {
  if (events.length === 0) return <p className="muted">{t("detail.noEvents")}</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {events.map((event) => (
        <TimelineItem key={event.event_id} event={event} />
      ))}
    </ol>
  );
}

function TimelineItem({ event }: { event: CallEventPublic }) {
  const fields = mainFields(event.fields ?? {});
  return (
    <li className={`timeline__item timeline__item--${event.kind}`} data-testid="timeline-item" data-kind={event.kind}>
      <div className="timeline__head">
        <time dateTime={event.received_at} title={formatFull(event.received_at)}>
          {formatClock(event.received_at)}
        </time>
        <span className={`kind kind--${event.kind}`}>{kindLabel(event.kind)}</span>
        {/* The event's own name, as Deniz greps for it in logs. */}
        <code className="timeline__event">{event.event}</code>
      </div>
      {fields.length > 0 && (
        <dl className="timeline__fields">
          {fields.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      <details className="timeline__raw">
        <summary>{t("detail.raw", { contentType: event.content_type || "?" })}</summary>
        <pre>{event.payload}</pre>
      </details>
    </li>
  );
}
