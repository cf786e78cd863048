import { t } from "../i18n";
import { eventLabel, formatClock, formatFull, outcomeLabel, statusLabel } from "../format";
import { displayNumber } from "../phone";
import type { LiveEvent } from "../types";

/** What happened in this event, in a few words: "pressed 1", "Ringing", "Voicemail recorded". */
function describeAction(event: LiveEvent): string {
  if (event.digits) return t("feed.pressed", { digits: event.digits });
  return event.kind === "status" ? statusLabel(event.event || event.call.status) : eventLabel(event.event);
}

const SEPARATOR = " · ";

/** "14:03:12 · +1 415 555 0101 · pressed 1 · Confirmed" */
export function describeEvent(event: LiveEvent): string {
  return [displayNumber(event.call.to), describeAction(event), outcomeLabel(event.call.outcome)].join(SEPARATOR);
}

export function EventFeed({ events }: { events: LiveEvent[] }) {
  return (
    <section className="card feed" aria-labelledby="feed-title">
      <h2 id="feed-title" className="card__title">
        {t("feed.title")}
      </h2>
      {events.length === 0 ? (
        <p className="muted" data-testid="feed-empty">
          {t("feed.empty")}
        </p>
      ) : (
        <ol className="feed__list" data-testid="event-feed">
          {events.map((event) => (
            <li
              key={event.event_id}
              className={`feed__item feed__item--${event.call.outcome}`}
              data-testid="feed-item"
              data-execution-sid={event.execution_sid}
              title={formatFull(event.received_at)}
            >
              <time className="feed__time" dateTime={event.received_at}>
                {formatClock(event.received_at)}
              </time>
              {SEPARATOR}
              {describeEvent(event)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
