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
