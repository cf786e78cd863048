// The Dashboard's own requests (issue 6 contract): batches and the calls in progress.
import { ApiError, request } from "../../api";
import type { CallList } from "../../types";

export type RejectCode = "MISSING_NUMBER" | "INVALID_NUMBER" | "NO_COUNTRY_CODE" | "DUPLICATE" | "IN_PROGRESS";

export interface AcceptedRow {
  row: number;
  input: string;
  to: string;
}

export interface RejectedRow {
  row: number;
  input: string;
  /** One of RejectCode; a newer server may send others (then `reason` is shown). */
  code: string;
  reason: string;
  duplicate_of?: number | null;
}

/** `POST /api/calls/start-bulk`: the same row-by-row verdict for a dry run (no batch_id) and for real. */
export interface BulkVerdict {
  batch_id: string | null;
  total_rows: number;
  accepted: AcceptedRow[];
  rejected: RejectedRow[];
}

export type BatchStatus = "running" | "complete" | "cancelled";

export interface FailedRow {
  row: number | null;
  reason: string;
}

/** A batch as the page shows it: `GET /api/calls/batches/{id}`, moved on by Socket.IO events. */
export interface Batch {
  batch_id: string;
  status: BatchStatus;
  total: number;
  started: number;
  failed: number;
  /** Rows never called because the batch was cancelled. */
  cancelled: number;
  remaining: number;
  failures: FailedRow[];
  /** Rows refused when the batch was started here (the server keeps only the accepted ones). */
  rejected?: RejectedRow[];
}

const JSON_HEADERS = { "Content-Type": "application/json" };
/** Latest batches looked at for running ones after a reload: more than anyone runs at once. */
const RUNNING_LOOKED_AT = 20;

/** Validate every row without starting anything (200, `batch_id: null`). */
export function checkBulk(numbers: string[], signal?: AbortSignal): Promise<BulkVerdict> {
  return request<BulkVerdict>("/api/calls/start-bulk", {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ numbers, dry_run: true }),
    ...(signal ? { signal } : {}),
  });
}

/** Store the batch and start calling its accepted rows (202). */
export function startBulk(numbers: string[]): Promise<BulkVerdict> {
  return request<BulkVerdict>("/api/calls/start-bulk", {
    method: "POST",
    headers: JSON_HEADERS,
    body: JSON.stringify({ numbers, dry_run: false }),
  });
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

function failuresOf(raw: Record<string, unknown>): FailedRow[] {
  const list = [raw.failures, raw.failed_rows, raw.errors].find(Array.isArray) as unknown[] | undefined;
  if (!list) return [];
  return list.flatMap((item) => {
    if (typeof item !== "object" || item === null) return [];
    const entry = item as { row?: unknown; reason?: unknown; code?: unknown };
    const reason = [entry.reason, entry.code].find((value) => typeof value === "string" && value) as string | undefined;
    return [{ row: typeof entry.row === "number" ? entry.row : null, reason: reason ?? "" }];
  });
}

/** The server's batch, read tolerantly: only the counters and the status are promised by the contract. */
export function toBatch(raw: unknown): Batch | null {
  if (typeof raw !== "object" || raw === null) return null;
  const value = raw as Record<string, unknown>;
  const batchId = value.batch_id ?? value.id;
  if (typeof batchId !== "string") return null;
  const total = numberOr(value.total, 0);
  const started = numberOr(value.started, 0);
  const failed = numberOr(value.failed, 0);
  const cancelled = numberOr(value.cancelled, 0);
  const status = value.status === "complete" || value.status === "cancelled" ? value.status : "running";
  return {
    batch_id: batchId,
    status,
    total,
    started,
    failed,
    cancelled,
    remaining: numberOr(value.remaining, Math.max(0, total - started - failed - cancelled)),
    failures: failuresOf(value),
  };
}

export async function getBatch(batchId: string, signal?: AbortSignal): Promise<Batch | null> {
  const raw = await request<unknown>(`/api/calls/batches/${encodeURIComponent(batchId)}`, signal ? { signal } : {});
  return toBatch(raw);
}

/** Batches still running (of the latest ones); `null` when this server has no batch list. */
export async function listRunningBatches(signal?: AbortSignal): Promise<Batch[] | null> {
  try {
    const query = new URLSearchParams({ status: "running", limit: String(RUNNING_LOOKED_AT) });
    const raw = await request<unknown>(`/api/calls/batches?${query}`, signal ? { signal } : {});
    const items = Array.isArray(raw) ? raw : (raw as { items?: unknown } | null)?.items;
    if (!Array.isArray(items)) return null;
    // The list is newest first and may not filter by status: finished batches are left out here.
    return items.map(toBatch).filter((batch): batch is Batch => batch?.status === "running");
  } catch (error) {
    if (error instanceof ApiError && [404, 405].includes(error.status)) return null;
    throw error;
  }
}

export async function cancelBatch(batchId: string): Promise<Batch | null> {
  const raw = await request<unknown>(`/api/calls/batches/${encodeURIComponent(batchId)}/cancel`, { method: "POST" });
  return toBatch(raw);
}

/** Twilio statuses of a call that has not ended yet. */
export const ACTIVE_STATUSES = ["queued", "initiated", "ringing", "in-progress"] as const;
const ACTIVE_LIMIT = 200;
const RECENT_LIMIT = 10;

/** The calls still running, plus the last few that ended (the live list's "just finished"). */
export async function listLiveCalls(signal?: AbortSignal): Promise<CallList> {
  const init = signal ? { signal } : {};
  const active = new URLSearchParams({ status: ACTIVE_STATUSES.join(","), limit: String(ACTIVE_LIMIT) });
  const recent = new URLSearchParams({ limit: String(RECENT_LIMIT) });
  const [running, latest] = await Promise.all([
    request<CallList>(`/api/calls/history?${active}`, init),
    request<CallList>(`/api/calls/history?${recent}`, init),
  ]);
  const items = [...running.items, ...latest.items];
  return { items, total: items.length, limit: ACTIVE_LIMIT, offset: 0 };
}
