// Calendar arithmetic on "YYYY-MM-DD" strings. They are days in the organisation's zone already, so the
// arithmetic is done at UTC noon, where no daylight-saving change can move a day.

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MONTH = /^\d{4}-\d{2}$/;

function toDate(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

function toDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function isDay(value: string | null): value is string {
  return value !== null && DAY.test(value) && !Number.isNaN(toDate(value).getTime());
}

export function isMonth(value: string | null): value is string {
  return value !== null && MONTH.test(value) && isDay(`${value}-01`);
}

export function addDays(day: string, days: number): string {
  return toDay(new Date(toDate(day).getTime() + days * DAY_MS));
}

/** Days from `from` to `to`, both included (1 for the same day). */
export function daysInRange(from: string, to: string): number {
  return Math.round((toDate(to).getTime() - toDate(from).getTime()) / DAY_MS) + 1;
}

export function monthOf(day: string): string {
  return day.slice(0, 7);
}

export function firstOfMonth(month: string): string {
  return `${month}-01`;
}

export function lastOfMonth(month: string): string {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  return toDay(new Date(Date.UTC(year, monthNumber, 0, 12)));
}

/** Monday = 0 … Sunday = 6 (the week starts on Monday in Turkey and in most of Europe). */
export function weekdayIndex(day: string): number {
  return (toDate(day).getUTCDay() + 6) % 7;
}

/** A Monday, to name the weekdays in the page's language. */
export const A_MONDAY = "2024-01-01";

export type Preset = "7" | "30" | "90" | "month";
export const PRESETS: readonly Preset[] = ["7", "30", "90", "month"];

/** The range a preset stands for, ending today. */
export function presetRange(preset: Preset, today: string): { from: string; to: string } {
  if (preset === "month") return { from: firstOfMonth(monthOf(today)), to: today };
  return { from: addDays(today, 1 - Number(preset)), to: today };
}
