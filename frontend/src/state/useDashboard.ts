// The dashboard's live call list and event feed, fed by the app's one Socket.IO connection.
import { useCallback, useEffect, useRef, useState } from "react";
import type { CallPublic, LiveEvent } from "../types";
import { useCallStore } from "./useCallStore";
import { useConnection, useLiveEvents } from "./live";

export const FEED_LIMIT = 100;

export function useDashboard() {
  const store = useCallStore();
  const connection = useConnection();
  const [feed, setFeed] = useState<LiveEvent[]>([]);
  // Events that arrive before the first history load settles wait here, so that history is the baseline.
  const pending = useRef<LiveEvent[]>([]);
  const historySettled = useRef(false);
  const { upsert } = store;

  const apply = useCallback((event: LiveEvent) => void upsert(event.call), [upsert]);

  useLiveEvents((event) => {
    setFeed((items) => [event, ...items].sort((a, b) => b.event_id - a.event_id).slice(0, FEED_LIMIT));
    if (historySettled.current) apply(event);
    else pending.current.push(event);
  }, store.refresh);

  useEffect(() => {
    if (store.history.status === "loading" || historySettled.current) return;
    historySettled.current = true;
    const buffered = pending.current;
    pending.current = [];
    buffered.forEach(apply);
  }, [store.history.status, apply]);

  /** A call started from this page shows at once, before any webhook arrives. */
  const addStartedCall = useCallback((call: CallPublic) => void upsert(call), [upsert]);

  return { store, connection, feed, addStartedCall };
}
