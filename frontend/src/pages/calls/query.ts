// The Calls page's filters, sort and page live in the URL hash ("#/calls?status=busy&sort=-created_at"),
// so a reload or a bookmark shows the same list. Anything unknown in the URL is ignored, not sent on.
import { CALL_OUTCOMES, CALL_STATUSES, type CallOutcome, type CallStatus, type HistoryQuery, type HistorySort } from "../../types";

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_PAGE_SIZE = 50;
export const DEFAULT_SORT: HistorySort = "-created_at";
const SORTS: readonly HistorySort[] = [
  "created_at",
  "-created_at",
  "updated_at",
  "-updated_at",
  "status",
  "-status",
  "outcome",
  "-outcome",
  "duration",
  "-duration",
];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function listOf<T extends string>(raw: string | null, allowed: readonly T[]): T[] {
  if (!raw) return [];
  const wanted = new Set(raw.split(","));
  return allowed.filter((value) => wanted.has(value));
}

function day(raw: string | null): string {
  return raw && DAY.test(raw) ? raw : "";
}

export function queryFromParams(params: URLSearchParams, maxLimit: number): HistoryQuery {
  const limit = Number(params.get("limit"));
  const offset = Number(params.get("offset"));
  const sort = params.get("sort");
  return {
    from: day(params.get("from")),
    to: day(params.get("to")),
    // Days are the clinic's days: the server's ORG_TIMEZONE applies when tz is left out.
    tz: "",
    status: listOf<CallStatus>(params.get("status"), CALL_STATUSES),
    outcome: listOf<CallOutcome>(params.get("outcome"), CALL_OUTCOMES),
    q: (params.get("q") ?? "").trim().slice(0, 32),
    sort: SORTS.includes(sort as HistorySort) ? (sort as HistorySort) : DEFAULT_SORT,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) && limit <= maxLimit ? limit : DEFAULT_PAGE_SIZE,
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

/** Only what differs from the defaults goes into the URL, so a plain "#/calls" is the default list. */
export function paramsFromQuery(query: HistoryQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.from) params.set("from", query.from);
  if (query.to) params.set("to", query.to);
  if (query.status.length) params.set("status", query.status.join(","));
  if (query.outcome.length) params.set("outcome", query.outcome.join(","));
  if (query.q) params.set("q", query.q);
  if (query.sort !== DEFAULT_SORT) params.set("sort", query.sort);
  if (query.limit !== DEFAULT_PAGE_SIZE) params.set("limit", String(query.limit));
  if (query.offset) params.set("offset", String(query.offset));
  return params;
}

export function hasFilters(query: HistoryQuery): boolean {
  return Boolean(query.from || query.to || query.status.length || query.outcome.length || query.q);
}

/** The column a sort is on and its direction. */
export function sortParts(sort: HistorySort): { column: string; descending: boolean } {
  return sort.startsWith("-") ? { column: sort.slice(1), descending: true } : { column: sort, descending: false };
}

/** Clicking a header: the current column flips; a new column starts newest/largest first for times. */
export function nextSort(current: HistorySort, column: "created_at" | "status" | "outcome"): HistorySort {
  const { column: active, descending } = sortParts(current);
  if (active === column) return (descending ? column : `-${column}`) as HistorySort;
  return (column === "created_at" ? `-${column}` : column) as HistorySort;
}
