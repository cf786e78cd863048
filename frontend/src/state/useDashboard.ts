// Wires live Socket.IO events into the call store, the event feed and the notifications.
import { useCallback, useEffect, useRef, useState } from "react";
import { t, type MessageId } from "../i18n";
import { displayNumber } from "../phone";
import { useRealtime } from "../realtime";
import type { CallPublic, LiveEvent } from "../types";
import { useCallStore } from "./useCallStore";
import { useToasts, type ToastTone } from "./useToasts";

export const FEED_LIMIT = 100;

const NOTIFY: Partial<Record<string, { tone: ToastTone; withDigits: MessageId; withoutDigits: MessageId }>> = {
  confirmed: { tone: "confirmed", withDigits: "toast.confirmed", withoutDigits: "toast.confirmed.noDigits" },
  cancelled: { tone: "cancelled", withDigits: "toast.cancelled", withoutDigits: "toast.cancelled.noDigits" },
  voicemail: { tone: "voicemail", withDigits: "toast.voicemail", withoutDigits: "toast.voicemail.noDigits" },
};

function pressedDigits(event: LiveEvent): string | null {
  if (event.kind === "dtmf" && event.digits) return event.digits;
  return event.call.digits ?? event.digits;
}

export function useDashboard() {
  const store = useCallStore();
  const { toasts, notify, dismiss } = useToasts();
  const [feed, setFeed] = useState<LiveEvent[]>([]);
  // Events that arrive before the first history load settles wait here, so that history is the
  // baseline and only transitions seen after it produce notifications.
  const pending = useRef<LiveEvent[]>([]);
  const historySettled = useRef(false);
  const notified = useRef(new Set<string>());
  const { upsert } = store;

  const notifyTransition = useCallback(
    (previous: CallPublic | undefined, event: LiveEvent) => {
      const { call } = event;
      const rule = NOTIFY[call.outcome];
      if (!rule || previous?.outcome === call.outcome) return;
      const key = `${call.execution_sid}:${call.outcome}`;
      if (notified.current.has(key)) return;
      notified.current.add(key);
      const digits = pressedDigits(event);
      notify({
        tone: rule.tone,
        title: digits ? t(rule.withDigits, { digits }) : t(rule.withoutDigits),
        body: displayNumber(call.to),
      });
    },
    [notify],
  );

  const apply = useCallback(
    (event: LiveEvent) => notifyTransition(upsert(event.call), event),
    [upsert, notifyTransition],
  );

  const connection = useRealtime({
    onEvent: (event) => {
      setFeed((items) =>
        [event, ...items].sort((a, b) => b.event_id - a.event_id).slice(0, FEED_LIMIT),
      );
      if (historySettled.current) apply(event);
      else pending.current.push(event);
    },
    onReconnect: store.refresh,
  });

  useEffect(() => {
    if (store.history.status === "loading" || historySettled.current) return;
    historySettled.current = true;
    const buffered = pending.current;
    pending.current = [];
    buffered.forEach(apply);
  }, [store.history.status, apply]);

  /** A call started from this page shows at once, before any webhook arrives. */
  const addStartedCall = useCallback((call: CallPublic) => void upsert(call), [upsert]);

  return { store, connection, feed, toasts, dismissToast: dismiss, addStartedCall };
}
