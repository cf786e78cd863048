// HTTP client for the voicedash API: unwraps the {success, data} envelope, throws ApiError otherwise.
import { t, translateServerError } from "./i18n";
import type {
  CallDetail,
  CallHistory,
  CallList,
  CallPublic,
  CallStats,
  DailySummary,
  HistoryQuery,
  Me,
  OrgConfig,
} from "./types";

/** Fired when the server says the session is gone (401); the app shows the sign-in page. */
export const SIGNED_OUT_EVENT = "voicedash:signed-out";
const CSRF_COOKIE = "voicedash_csrf";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The CSRF token the server set at sign-in; echoed in X-CSRF-Token on every state-changing request. */
function csrfToken(): string | null {
  const entry = document.cookie.split("; ").find((part) => part.startsWith(`${CSRF_COOKIE}=`));
  return entry ? decodeURIComponent(entry.slice(CSRF_COOKIE.length + 1)) : null;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string | null;
  /** The request field the error is about (e.g. "to"), when the server names one. */
  readonly field: string | null;
  /** The request path, which tells a phone number "to" from a date "to". */
  path = "";

  constructor(message: string, status: number, code: string | null = null, field: string | null = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

interface SuccessEnvelope<T> {
  success: true;
  message?: string;
  data: T;
}

interface ErrorEnvelope {
  success: false;
  error?: string;
  code?: string;
  details?: { field?: string } & Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function errorFrom(body: unknown, status: number): ApiError {
  if (isObject(body) && body.success === false) {
    const envelope = body as unknown as ErrorEnvelope;
    const field = isObject(envelope.details) && typeof envelope.details.field === "string"
      ? envelope.details.field
      : null;
    const message = typeof envelope.error === "string" && envelope.error
      ? envelope.error
      : t("error.http", { status });
    return new ApiError(message, status, envelope.code ?? null, field);
  }
  return new ApiError(status >= 200 && status < 300 ? t("error.badResponse") : t("error.http", { status }), status);
}

export async function request<T>(path: string, init: RequestInit = {}, signInRequest = false): Promise<T> {
  const method = (init.method ?? "GET").toUpperCase();
  const csrf = SAFE_METHODS.has(method) ? null : csrfToken();
  let response: Response;
  try {
    response = await fetch(path, {
      ...init,
      credentials: "same-origin",
      headers: { Accept: "application/json", ...(csrf ? { "X-CSRF-Token": csrf } : {}), ...init.headers },
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(t("error.network"), 0, "NETWORK");
  }
  const body = await readJson(response);
  if (response.status === 401 && !signInRequest) window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
  if (response.ok && isObject(body) && body.success === true && "data" in body) {
    return (body as unknown as SuccessEnvelope<T>).data;
  }
  const error = errorFrom(body, response.status);
  error.path = path;
  throw error;
}

/** Start one confirmation call; the server validates and normalises the number. */
export function startCall(to: string): Promise<CallPublic> {
  return request<CallPublic>("/api/calls/start", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ to }),
  });
}

/** Calls, newest first. */
export function listCalls(limit = 50, offset = 0, signal?: AbortSignal): Promise<CallList> {
  const query = new URLSearchParams({ limit: String(limit), offset: String(offset) });
  return request<CallList>(`/api/calls/history?${query}`, signal ? { signal } : {});
}

/** One call with its timeline (events oldest first). */
export function getCall(executionSid: string, signal?: AbortSignal): Promise<CallDetail> {
  return request<CallDetail>(`/api/calls/history/${encodeURIComponent(executionSid)}`, signal ? { signal } : {});
}

/** Who is signed in; rejects with a 401 ApiError when nobody is. */
export function getMe(): Promise<Me> {
  return request<Me>("/api/auth/me", {}, true);
}

export function signIn(username: string, password: string): Promise<Me> {
  return request<Me>(
    "/api/auth/login",
    { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username, password }) },
    true,
  );
}

export function signOut(): Promise<null> {
  return request<null>("/api/auth/logout", { method: "POST" }, true);
}

/** What to tell the person, in their language (see translateServerError). */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === "NETWORK") return t("error.network");
    const dateRange = error.field === "to" && !error.path.startsWith("/api/calls/start");
    return translateServerError(error.message, error.code, dateRange ? "to_date" : error.field);
  }
  if (error instanceof Error && error.message) return error.message;
  return t("error.network");
}

/** The organisation's settings: time zone, default region, limits. */
export function getConfig(): Promise<OrgConfig> {
  return request<OrgConfig>("/api/calls/config");
}

/** Query string for the history and export endpoints: empty filters are left out. */
export function historyParams(query: HistoryQuery, paging = true): URLSearchParams {
  const params = new URLSearchParams();
  if (query.from) params.set("from", query.from);
  if (query.to) params.set("to", query.to);
  if (query.tz) params.set("tz", query.tz);
  if (query.status.length) params.set("status", query.status.join(","));
  if (query.outcome.length) params.set("outcome", query.outcome.join(","));
  if (query.q) params.set("q", query.q);
  if (query.sort) params.set("sort", query.sort);
  if (paging) {
    params.set("limit", String(query.limit));
    params.set("offset", String(query.offset));
  }
  return params;
}

/** One page of calls, filtered and sorted by the server. */
export function getHistory(query: HistoryQuery, signal?: AbortSignal): Promise<CallHistory> {
  return request<CallHistory>(`/api/calls/history?${historyParams(query)}`, signal ? { signal } : {});
}

/** The CSV export of every call matching `query` (no paging): a link the browser downloads. */
export function exportUrl(query: HistoryQuery): string {
  return `/api/calls/export?${historyParams(query, false)}`;
}

function rangeParams(from: string, to: string, tz: string): URLSearchParams {
  return new URLSearchParams({ from, to, tz });
}

/** Totals for a range of days, counted per call. */
export function getStats(from: string, to: string, tz: string, signal?: AbortSignal): Promise<CallStats> {
  return request<CallStats>(`/api/calls/stats?${rangeParams(from, to, tz)}`, signal ? { signal } : {});
}

/** Per-day and per-hour figures for a range of days (zero-filled). */
export function getDailySummary(from: string, to: string, tz: string, signal?: AbortSignal): Promise<DailySummary> {
  return request<DailySummary>(`/api/calls/summary/daily?${rangeParams(from, to, tz)}`, signal ? { signal } : {});
}
