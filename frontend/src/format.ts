// Display helpers: human labels for server enums and times in the browser's time zone.
import { hasMessage, t } from "./i18n";

// undefined = the browser's locale and time zone; a clinic time-zone setting can be passed here later.
const timeZone: string | undefined = undefined;

const clockFormat = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
  timeZone,
});

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
  timeZone,
});

const fullFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: "medium",
  timeStyle: "medium",
  hourCycle: "h23",
  timeZone,
});

const dayKeyFormat = new Intl.DateTimeFormat("en-CA", { timeZone });

/** Timestamps without a zone designator are UTC (the server stores UTC). */
function withZone(iso: string): string {
  return /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso) ? `${iso}Z` : iso;
}

export function parseTime(iso: string): number {
  return Date.parse(withZone(iso));
}

function parse(iso: string): Date | null {
  const date = new Date(withZone(iso));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "14:03:12" */
export function formatClock(iso: string): string {
  const date = parse(iso);
  return date ? clockFormat.format(date) : iso;
}

/** "14:03:12" today, "3 Dec, 14:03" on other days. */
export function formatWhen(iso: string, now: Date = new Date()): string {
  const date = parse(iso);
  if (!date) return iso;
  const sameDay = dayKeyFormat.format(date) === dayKeyFormat.format(now);
  return sameDay ? clockFormat.format(date) : dateTimeFormat.format(date);
}

/** Full date and time for tooltips and the detail panel. */
export function formatFull(iso: string): string {
  const date = parse(iso);
  return date ? fullFormat.format(date) : iso;
}

function humanize(value: string): string {
  const words = value.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "in-progress" → "In progress"; unknown values from a newer server are humanized. */
export function statusLabel(status: string): string {
  const key = `status.${status}`;
  return hasMessage(key) ? t(key) : humanize(status);
}

/** "no_answer" → "No answer"; "machine" → "Answering machine". */
export function outcomeLabel(outcome: string): string {
  const key = `outcome.${outcome}`;
  return hasMessage(key) ? t(key) : humanize(outcome);
}

export function kindLabel(kind: string): string {
  const key = `kind.${kind}`;
  return hasMessage(key) ? t(key) : humanize(kind);
}

/** "dtmf_action" → "Dtmf action" (for the feed; the timeline shows the raw name). */
export function eventLabel(event: string): string {
  return humanize(event);
}

/** Newer `updated_at` wins; a tie goes to the incoming snapshot. */
export function isNewerOrSame(incoming: { updated_at: string }, current: { updated_at: string }): boolean {
  const a = parseTime(incoming.updated_at);
  const b = parseTime(current.updated_at);
  if (Number.isNaN(a) || Number.isNaN(b)) return true;
  return a >= b;
}
