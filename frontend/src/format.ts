// Display helpers: human labels for server enums, and dates, times and numbers in the organisation's time zone.
import { getLocale, hasMessage, t } from "./i18n";

/** Until the server's configuration arrives, and if it never does: the browser's own zone. */
let displayZone: string = browserZone();

export function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** The zone every date and time on the page is shown in (ORG_TIMEZONE from `GET /api/calls/config`). */
export function setDisplayZone(zone: string): void {
  displayZone = isValidZone(zone) ? zone : browserZone();
}

export function getDisplayZone(): string {
  return displayZone;
}

export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const LOCALE_TAGS = { en: "en-GB", tr: "tr-TR" } as const;

/** BCP 47 tag for Intl: British English keeps day-month order and a 24-hour clock, like the clinics. */
export function intlLocale(): string {
  return LOCALE_TAGS[getLocale()];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl formatters are costly to build and a table formats hundreds of cells: one per locale, zone and style. */
function dateFormat(style: string, options: Intl.DateTimeFormatOptions, zone?: string): Intl.DateTimeFormat {
  const timeZone = zone ?? displayZone;
  const locale = style === "dayKey" ? "en-CA" : intlLocale();
  const key = `${style}|${locale}|${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, format);
  }
  return format;
}

const CLOCK: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" };
const DAY_TIME: Intl.DateTimeFormatOptions = {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
};
const FULL: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "medium", hourCycle: "h23" };

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

/** "2026-12-04": the calendar day an instant falls on in `zone` (default: the display zone). */
export function dayKey(date: Date, zone?: string): string {
  return dateFormat("dayKey", { year: "numeric", month: "2-digit", day: "2-digit" }, zone).format(date);
}

/** Today's date (YYYY-MM-DD) in `zone`. */
export function today(zone?: string): string {
  return dayKey(new Date(), zone);
}

/** "14:03:12" */
export function formatClock(iso: string): string {
  const date = parse(iso);
  return date ? dateFormat("clock", CLOCK).format(date) : iso;
}

/** "14:03:12" today, "3 Dec, 14:03" on other days (days as the display zone counts them). */
export function formatWhen(iso: string, now: Date = new Date()): string {
  const date = parse(iso);
  if (!date) return iso;
  return dayKey(date) === dayKey(now) ? dateFormat("clock", CLOCK).format(date) : dateFormat("dayTime", DAY_TIME).format(date);
}

/** Full date and time for tooltips and the detail panel. */
export function formatFull(iso: string): string {
  const date = parse(iso);
  return date ? dateFormat("full", FULL).format(date) : iso;
}

/** A calendar date "2026-12-04" as "4 Dec" (short) or "4 December 2026" (long); it has no time, so no zone. */
export function formatDay(day: string, style: "short" | "long" | "weekday" = "short"): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  const options: Intl.DateTimeFormatOptions =
    style === "short"
      ? { day: "numeric", month: "short" }
      : style === "long"
        ? { day: "numeric", month: "long", year: "numeric" }
        : { weekday: "short" };
  return dateFormat(`day-${style}`, options, "UTC").format(date);
}

/** "2026-12" as "December 2026". */
export function formatMonth(month: string): string {
  const date = new Date(`${month}-15T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return month;
  return dateFormat("month", { month: "long", year: "numeric" }, "UTC").format(date);
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(intlLocale()).format(value);
}

/** 0.81 → "81%" ("%81" in Turkish); null → "—". */
export function formatPercent(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return t("common.none");
  return new Intl.NumberFormat(intlLocale(), { style: "percent", maximumFractionDigits: 0 }).format(value);
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

/** Twilio's AnsweredBy ("human", "machine_start", …) in words. */
export function answeredByLabel(answeredBy: string): string {
  const key = `answeredBy.${answeredBy}`;
  return hasMessage(key) ? t(key) : humanize(answeredBy);
}

export function kindLabel(kind: string): string {
  const key = `kind.${kind}`;
  return hasMessage(key) ? t(key) : humanize(kind);
}

/** "dtmf_action" → "Keypress decided", "voicemail_recorded" → "Voicemail recorded" (the feed). */
export function eventLabel(event: string): string {
  const key = `event.${event}`;
  return hasMessage(key) ? t(key) : humanize(event);
}

/** Newer `updated_at` wins; a tie goes to the incoming snapshot. */
export function isNewerOrSame(incoming: { updated_at: string }, current: { updated_at: string }): boolean {
  const a = parseTime(incoming.updated_at);
  const b = parseTime(current.updated_at);
  if (Number.isNaN(a) || Number.isNaN(b)) return true;
  return a >= b;
}
