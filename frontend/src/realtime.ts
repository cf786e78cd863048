// Socket.IO connection: live call events, deduplicated by event_id, with automatic reconnection.
import { useEffect, useRef, useState } from "react";
import { io } from "socket.io-client";
import { SIGNED_OUT_EVENT } from "./api";
import type { LiveEvent } from "./types";

export type ConnectionState = "connecting" | "live" | "reconnecting" | "offline";

const LIVE_EVENTS = ["statusUpdate", "dtmfUpdate", "flowUpdate"] as const;
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
  return typeof call === "object" && call !== null && typeof (call as { execution_sid?: unknown }).execution_sid === "string";
}

export interface RealtimeHandlers {
  onEvent: (event: LiveEvent) => void;
  /** Called after a reconnection, so the page can reconcile anything it may have missed. */
  onReconnect?: () => void;
}

/** Connect once per mount; returns the connection state for the header indicator. */
export function useRealtime(handlers: RealtimeHandlers): ConnectionState {
  const [state, setState] = useState<ConnectionState>("connecting");
  const handlersRef = useRef(handlers);
  const deduperRef = useRef(new EventDeduper());

  useEffect(() => {
    handlersRef.current = handlers;
  });

  useEffect(() => {
    const deduper = deduperRef.current;
    let failures = 0;
    let everConnected = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;

    const socket = io({
      path: "/socket.io",
      // WebSocket first needs no sticky sessions behind a proxy; long-polling is the fallback.
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      // The session cookie authenticates the connection (also for long-polling through a proxy).
      withCredentials: true,
      reconnectionDelayMax: 10_000,
      auth: (send) => send({ last_event_id: deduper.lastEventId }),
    });

    const retryLater = () => {
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => socket.connect(), SERVER_CLOSE_RETRY_MS);
    };

    socket.on("connect", () => {
      failures = 0;
      setState("live");
      if (everConnected) handlersRef.current.onReconnect?.();
      everConnected = true;
    });
    socket.on("disconnect", () => {
      if (socket.active) {
        setState(navigator.onLine ? "reconnecting" : "offline");
      } else {
        setState("offline");
        retryLater();
      }
    });
    socket.on("connect_error", (error: Error) => {
      failures += 1;
      // The server refuses sockets without a session: the page shows sign-in.
      if (error.message === "authentication required") window.dispatchEvent(new Event(SIGNED_OUT_EVENT));
      if (!socket.active) {
        setState("offline");
        retryLater();
      } else {
        setState(failures >= OFFLINE_AFTER_FAILURES || !navigator.onLine ? "offline" : "reconnecting");
      }
    });

    const deliver = (payload: unknown) => {
      const eventId = eventIdOf(payload);
      if (eventId === null || !deduper.accept(eventId)) return;
      if (isCallEvent(payload)) handlersRef.current.onEvent(payload);
    };
    for (const name of LIVE_EVENTS) socket.on(name, deliver);

    const wentOffline = () => setState("offline");
    const cameOnline = () => {
      if (!socket.connected) socket.connect();
    };
    window.addEventListener("offline", wentOffline);
    window.addEventListener("online", cameOnline);

    return () => {
      clearTimeout(retryTimer);
      window.removeEventListener("offline", wentOffline);
      window.removeEventListener("online", cameOnline);
      socket.off();
      socket.disconnect();
    };
  }, []);

  return state;
}
