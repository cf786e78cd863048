// Everything live on the Dashboard, fed by the one socket: calls in progress, the feed, batches, figures.
import { useCallback, useMemo, useState } from "react";
import { useRealtime } from "../../realtime";
import { useCallStore } from "../../state/useCallStore";
import type { CallPublic, LiveEvent } from "../../types";
import { ACTIVE_STATUSES, listLiveCalls } from "./api";
import { foldKeypresses } from "./feed";
import { useBatches } from "./useBatches";
import { useTodayStats } from "./useTodayStats";

/** Live events kept in the feed. */
export const FEED_LIMIT = 100;
/** Finished calls kept under the ones in progress, so an answer stays visible after the call ends. */
export const RECENT_SHOWN = 5;
const ACTIVE = new Set<string>(ACTIVE_STATUSES);

/** Stable (the store reloads when its loader changes): the calls in progress and the latest few. */
const loadLiveCalls = () => listLiveCalls();

export function isActive(call: CallPublic): boolean {
  return ACTIVE.has(call.status);
}

export function useLiveDashboard(timeZone: string) {
  const store = useCallStore(loadLiveCalls);
  const batches = useBatches();
  const stats = useTodayStats(timeZone);
  const [feed, setFeed] = useState<LiveEvent[]>([]);
  const { upsert } = store;
  const { refreshSoon } = stats;

  useRealtime({
    onEvent: (event) => {
      upsert(event.call);
      setFeed((items) => [event, ...items].sort((a, b) => b.event_id - a.event_id).slice(0, FEED_LIMIT));
      refreshSoon();
    },
    onBulkProgress: (event) => {
      batches.onProgress(event);
      refreshSoon();
    },
    onBulkComplete: (event) => {
      batches.onComplete(event);
      refreshSoon();
    },
    onReconnect: () => {
      store.refresh();
      batches.refresh();
      refreshSoon();
    },
  });

  const active = useMemo(() => store.calls.filter(isActive), [store.calls]);
  const recent = useMemo(() => store.calls.filter((call) => !isActive(call)).slice(0, RECENT_SHOWN), [store.calls]);
  const shownFeed = useMemo(() => foldKeypresses(feed), [feed]);

  /** A call started from this page shows at once, before any webhook arrives. */
  const addStartedCall = useCallback(
    (call: CallPublic) => {
      upsert(call);
      refreshSoon();
    },
    [upsert, refreshSoon],
  );

  return { store, active, recent, feed: shownFeed, batches, stats, addStartedCall };
}
