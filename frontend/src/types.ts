// Shapes of the voicedash HTTP API and Socket.IO events (see the backend's calls/schemas.py).

export type CallStatus =
  | "queued"
  | "initiated"
  | "ringing"
  | "in-progress"
  | "completed"
  | "busy"
  | "no-answer"
  | "canceled"
  | "failed";

export type CallOutcome =
  | "pending"
  | "confirmed"
  | "cancelled"
  | "voicemail"
  | "no_answer"
  | "busy"
  | "failed"
  | "machine"
  | "no_input"
  | "hung_up";

export interface CallPublic {
  execution_sid: string;
  call_sid: string | null;
  to: string;
  from: string | null;
  status: CallStatus;
  outcome: CallOutcome;
  digits: string | null;
  answered_by: string | null;
  duration: number | null;
  recording_url: string | null;
  created_at: string;
  updated_at: string;
  /** Issue 6 fields; absent from an older server. */
  answered_at?: string | null;
  ended_at?: string | null;
  batch_id?: string | null;
}

export type EventKind = "status" | "dtmf" | "flow";

export interface CallEventPublic {
  event_id: number;
  execution_sid: string | null;
  call_sid: string | null;
  kind: EventKind;
  event: string;
  fields: Record<string, unknown>;
  payload: string;
  content_type: string;
  received_at: string;
}

export interface CallList {
  items: CallPublic[];
  total: number;
  limit: number;
  offset: number;
}

export interface CallDetail {
  call: CallPublic;
  events: CallEventPublic[];
}

/**
 * Payload of the `statusUpdate`, `dtmfUpdate` and `flowUpdate` Socket.IO events. The server sends
 * `call: null` for a webhook it could not match to a call; realtime.ts drops those (after dedupe).
 */
export interface LiveEvent {
  event_id: number;
  kind: EventKind;
  event: string;
  execution_sid: string | null;
  call_sid?: string | null;
  digits: string | null;
  action: string | null;
  is_action: boolean;
  received_at: string;
  call: CallPublic;
}

export type Role = "viewer" | "operator" | "admin";

/** `GET /api/auth/me`: the signed-in user (or API token) and its role. */
export interface Me {
  kind: "user" | "token";
  name: string;
  role: Role;
}

/** `GET /api/calls/config`. */
export interface OrgConfig {
  time_zone: string;
  default_region: string | null;
  calls_per_second: number;
  bulk_max_numbers: number;
  history_max_limit: number;
}

export const CALL_STATUSES: readonly CallStatus[] = [
  "queued",
  "initiated",
  "ringing",
  "in-progress",
  "completed",
  "busy",
  "no-answer",
  "canceled",
  "failed",
];

export const CALL_OUTCOMES: readonly CallOutcome[] = [
  "pending",
  "confirmed",
  "cancelled",
  "voicemail",
  "no_answer",
  "busy",
  "failed",
  "machine",
  "no_input",
  "hung_up",
];

export type HistorySort =
  | "created_at"
  | "-created_at"
  | "updated_at"
  | "-updated_at"
  | "status"
  | "-status"
  | "outcome"
  | "-outcome"
  | "duration"
  | "-duration";

/** Filters, sort and page of the calls list (what the Calls page keeps in its URL). */
export interface HistoryQuery {
  from: string;
  to: string;
  tz: string;
  status: CallStatus[];
  outcome: CallOutcome[];
  q: string;
  sort: HistorySort;
  limit: number;
  offset: number;
}

/** `GET /api/calls/history` with filters. */
export interface CallHistory {
  items: CallPublic[];
  total: number;
  /** False when `total` is a lower bound (the server stopped counting). */
  total_exact: boolean;
  limit: number;
  offset: number;
  next_cursor: string | null;
}

export type OutcomeCounts = Partial<Record<CallOutcome, number>>;

/** `GET /api/calls/stats`: counted per call. */
export interface CallStats {
  from: string;
  to: string;
  time_zone: string;
  calls: number;
  in_progress: number;
  answered: number;
  not_reached: number;
  answer_rate: number | null;
  outcomes: OutcomeCounts;
}

export interface DaySummary {
  date: string;
  calls: number;
  answered: number;
  not_reached: number;
  outcomes: OutcomeCounts;
}

export interface HourSummary {
  hour: number;
  calls: number;
  answered: number;
  answer_rate: number | null;
}

/** `GET /api/calls/summary/daily`. */
export interface DailySummary {
  from: string;
  to: string;
  time_zone: string;
  days: DaySummary[];
  by_hour: HourSummary[];
}
