// Socket.IO connection: live call and batch events, deduplicated by event_id, with automatic reconnection.
// One socket per page, shared by every component that listens (the header, the pages), so that a page
// listening for its own events does not open a second connection or replay history twice.
import { useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import { SIGNED_OUT_EVENT } from "./api";
import type { LiveEvent } from "./types";

export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline";

/** `bulkCallProgress`: a batch's counters as its calls are started (at most ~2 a second). */
export interface BulkProgressEvent {
  event_id: number;
  batch_id: string;
  total: number;
  started: number;
  failed: number;
  remaining: number;
}

/** `bulkCallComplete`: sent once, when every row of a batch has been started or has failed, or it was cancelled. */
export interface BulkCompleteEvent {
  event_id: number;
  batch_id: string;
  total: number;
  started: number;
  failed: number;
  /** "complete" or "cancelled" (servers that omit it mean complete). */
  status?: string;
  /** Rows never called because the batch was cancelled. */
  cancelled?: number;
}

const CALL_EVENTS = ["statusUpdate", "dtmfUpdate", "flowUpdate"] as const;
/** Consecutive failed attempts after which we say "Offline" rather than "Reconnecting…". */
const OFFLINE_AFTER_FAILURES = 3;
/** Retry delay after the server itself closed the connection (the client won't retry on its own). */
const SERVER_CLOSE_RETRY_MS = 5000;

/** Remembers recently seen event ids; the highest one is sent on (re)connect so the server can replay. */
export class EventDeduper {
  private readonly seen = new Set<number>();
  lastEventId = 0;

  constructor(private readonly capacity = 5000) {}

  /** True the first time an id is offered, false for a duplicate. */
  accept(eventId: number): boolean {
    if (this.seen.has(eventId)) return false;
    this.seen.add(eventId);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    if (eventId > this.lastEventId) this.lastEventId = eventId;
    return true;
  }
}

function eventIdOf(value: unknown): number | null {
  if (typeof value !== "object" || value === null) return null;
  const id = (value as { event_id?: unknown }).event_id;
  return typeof id === "number" && Number.isFinite(id) ? id : null;
}

/** Only events about a known call change the page; others still count as seen. */
function isCallEvent(value: unknown): value is LiveEvent {
  const call = (value as { call?: unknown }).call;
  if (typeof call !== "object" || call === null) return false;
  return typeof (call as { execution_sid?: unknown }).execution_sid === "string";
}

function isBatchEvent(value: unknown): value is BulkCompleteEvent {
  const event = value as { batch_id?: unknown; total?: unknown; started?: unknown; failed?: unknown };
  return (
    typeof event.batch_id === "string" &&
    typeof event.total === "number" &&
    typeof event.started === "number" &&
    typeof event.failed === "number"
  );
}

export interface RealtimeHandlers {
  onEvent?: (event: LiveEvent) => void;
  onBulkProgress?: (event: BulkProgressEvent) => void;
  onBulkComplete?: (event: BulkCompleteEvent) => void;
  /** Called after a reconnection, so the page can reconcile anything it may have missed. */
  onReconnect?: () => void;
}

interface Listener {
  handlers: { current: RealtimeHandlers };
  setState: (state: ConnectionState) => void;
}

/** The page's one socket and everyone listening to it. */
class SharedConnection {
  readonly listeners = new Set<Listener>();
  state: ConnectionState = "connecting";
  private readonly deduper = new EventDeduper();
  private readonly socket: Socket;
  private failures = 0;
  private everConnected = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const deduper = this.deduper;
    this.socket = io({
      path: "/socket.io",
      // WebSocket first needs no sticky sessions behind a proxy; long-polling is the fallback.
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      // The session cookie authenticates the connection (also for long-polling through a proxy).
      withCredentials: true,
      reconnectionDelayMax: 10_000,
      auth: (send) => send({ last_event_id: deduper.lastEventId }),
    });
    this.wire();
    window.addEventListener("offline", this.wentOffline);
    window.addEventListener("online", this.cameOnline);
  }

  private setState(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.listeners) listener.setState(state);
  }

  private each(call: (handlers: RealtimeHandlers) => void): void {
    for (const listener of [...this.listeners]) call(listener.handlers.current);
  }

  private retryLater(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.socket.connect(), SERVER_CLOSE_RETRY_MS);
  }

  private wire(): void {
    const socket = this.socket;
    socket.on("connect", () => {
      this.failures = 0;
      this.setState("live");
      if (this.everConnected) this.each((handlers) => handlers.onReconnect?.());
      this.everConnected = true;
    });
    socket.on("disconnect", () => {
      if (socket.active) {
        this.setState(navigator.onLine ? "reconnecting" : "offline");
      } else {
        this.setState("offline");
        this.retryLater();
      }
    });
    socket.on("connect_error", (error: Error) => {
      this.failures += 1;
      // The server refuses sockets without a session: the page shows sign-in.
      if (error.message === "authentication required") window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
      if (!socket.active) {
        this.setState("offline");
        this.retryLater();
      } else {
        this.setState(this.failures >= OFFLINE_AFTER_FAILURES || !navigator.onLine ? "offline" : "reconnecting");
      }
    });

    const fresh = (payload: unknown): boolean => {
      const eventId = eventIdOf(payload);
      return eventId !== null && this.deduper.accept(eventId);
    };
    const deliverCall = (payload: unknown) => {
      if (fresh(payload) && isCallEvent(payload)) this.each((handlers) => handlers.onEvent?.(payload));
    };
    for (const name of CALL_EVENTS) socket.on(name, deliverCall);
    socket.on("bulkCallProgress", (payload: unknown) => {
      if (fresh(payload) && isBatchEvent(payload) && typeof (payload as BulkProgressEvent).remaining === "number") {
        this.each((handlers) => handlers.onBulkProgress?.(payload as BulkProgressEvent));
      }
    });
    socket.on("bulkCallComplete", (payload: unknown) => {
      if (fresh(payload) && isBatchEvent(payload)) this.each((handlers) => handlers.onBulkComplete?.(payload));
    });
  }

  private readonly wentOffline = () => this.setState("offline");
  private readonly cameOnline = () => {
    if (!this.socket.connected) this.socket.connect();
  };

  close(): void {
    clearTimeout(this.retryTimer);
    window.removeEventListener("offline", this.wentOffline);
    window.removeEventListener("online", this.cameOnline);
    this.socket.off();
    this.socket.disconnect();
  }
}

let shared: SharedConnection | null = null;
let closeTimer: ReturnType<typeof setTimeout> | undefined;

function join(listener: Listener): () => void {
  clearTimeout(closeTimer);
  shared ??= new SharedConnection();
  const connection = shared;
  connection.listeners.add(listener);
  listener.setState(connection.state);
  return () => {
    connection.listeners.delete(listener);
    if (connection.listeners.size > 0) return;
    // Closed a tick later: a remount (React's strict mode, a page change) keeps the same socket.
    closeTimer = setTimeout(() => {
      if (connection.listeners.size > 0) return;
      connection.close();
      if (shared === connection) shared = null;
    }, 0);
  };
}

/** Listen to the page's socket (opened by the first listener, closed after the last); returns its state. */
export function useRealtime(handlers: RealtimeHandlers): ConnectionState {
  const [state, setState] = useState<ConnectionState>("connecting");
  const handlersRef = useRef(handlers);

  useEffect(() => {
    handlersRef.current = handlers;
  });

  useEffect(() => join({ handlers: handlersRef, setState }), []);

  return state;
}
