// One Socket.IO connection for the whole signed-in app: pages subscribe to its events, the shell shows
// its state and the notifications (they must reach the receptionist whatever page is open).
import { createContext, useCallback, useContext, useEffect, useRef, type ReactNode } from "react";
import { t, type MessageId } from "../i18n";
import { displayNumber } from "../phone";
import { useRealtime, type ConnectionState } from "../realtime";
import type { LiveEvent } from "../types";
import { useToasts, type Toast, type ToastTone } from "./useToasts";

type Listener = (event: LiveEvent) => void;

interface LiveHub {
  connection: ConnectionState;
  subscribe: (onEvent: Listener, onReconnect?: () => void) => () => void;
  toasts: Toast[];
  dismissToast: (id: number) => void;
}

const LiveContext = createContext<LiveHub | null>(null);

const NOTIFY: Partial<Record<string, { tone: ToastTone; withDigits: MessageId; withoutDigits: MessageId }>> = {
  confirmed: { tone: "confirmed", withDigits: "toast.confirmed", withoutDigits: "toast.confirmed.noDigits" },
  cancelled: { tone: "cancelled", withDigits: "toast.cancelled", withoutDigits: "toast.cancelled.noDigits" },
  voicemail: { tone: "voicemail", withDigits: "toast.voicemail", withoutDigits: "toast.voicemail.noDigits" },
};

/** Outcomes remembered per call, to notify a change once; bounded for a screen left open all day. */
const REMEMBERED_CALLS = 5000;

function pressedDigits(event: LiveEvent): string | null {
  if (event.kind === "dtmf" && event.digits) return event.digits;
  return event.call.digits ?? event.digits;
}

export function LiveProvider({ children }: { children: ReactNode }) {
  const listeners = useRef(new Set<{ onEvent: Listener; onReconnect?: (() => void) | undefined }>());
  const outcomes = useRef(new Map<string, string>());
  const { toasts, notify, dismiss } = useToasts();

  /** A toast when a call becomes confirmed, cancelled or voicemail; never twice for one call and outcome. */
  const notifyTransition = useCallback(
    (event: LiveEvent) => {
      const { call } = event;
      const known = outcomes.current;
      const previous = known.get(call.execution_sid);
      known.delete(call.execution_sid);
      known.set(call.execution_sid, call.outcome);
      if (known.size > REMEMBERED_CALLS) {
        const oldest = known.keys().next().value;
        if (oldest !== undefined) known.delete(oldest);
      }
      const rule = NOTIFY[call.outcome];
      if (!rule || previous === call.outcome) return;
      // The closing event of a call decided before this page opened is not news.
      if (previous === undefined && event.event === "completed") return;
      const digits = pressedDigits(event);
      notify({
        tone: rule.tone,
        title: digits ? t(rule.withDigits, { digits }) : t(rule.withoutDigits),
        body: displayNumber(call.to),
      });
    },
    [notify],
  );

  const connection = useRealtime({
    onEvent: (event) => {
      notifyTransition(event);
      listeners.current.forEach((listener) => listener.onEvent(event));
    },
    onReconnect: () => listeners.current.forEach((listener) => listener.onReconnect?.()),
  });

  const subscribe = useCallback((onEvent: Listener, onReconnect?: () => void) => {
    const entry = { onEvent, onReconnect };
    listeners.current.add(entry);
    return () => void listeners.current.delete(entry);
  }, []);

  return (
    <LiveContext.Provider value={{ connection, subscribe, toasts, dismissToast: dismiss }}>{children}</LiveContext.Provider>
  );
}

function useHub(): LiveHub {
  const hub = useContext(LiveContext);
  if (!hub) throw new Error("useLive… must be used inside <LiveProvider>");
  return hub;
}

/** Call `onEvent` for every live call event (deduplicated), and `onReconnect` after the socket comes back. */
export function useLiveEvents(onEvent: Listener, onReconnect?: () => void): void {
  const { subscribe } = useHub();
  const handlers = useRef({ onEvent, onReconnect });
  useEffect(() => {
    handlers.current = { onEvent, onReconnect };
  });
  useEffect(
    () =>
      subscribe(
        (event) => handlers.current.onEvent(event),
        () => handlers.current.onReconnect?.(),
      ),
    [subscribe],
  );
}

export function useConnection(): ConnectionState {
  return useHub().connection;
}

export function useLiveToasts(): Pick<LiveHub, "toasts" | "dismissToast"> {
  const { toasts, dismissToast } = useHub();
  return { toasts, dismissToast };
}
