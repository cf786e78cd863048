// The calls the page knows about, keyed by execution_sid; history pages and live snapshots merge here.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { errorMessage, listCalls } from "../api";
import { isNewerOrSame, parseTime } from "../format";
import type { CallList, CallPublic } from "../types";

export const PAGE_SIZE = 50;

export type HistoryState =
  | { status: "loading" }
  | { status: "ready" }
  | { status: "error"; message: string };

export interface CallStore {
  /** Newest first. */
  calls: CallPublic[];
  byId: ReadonlyMap<string, CallPublic>;
  history: HistoryState;
  total: number;
  hasMore: boolean;
  loadingMore: boolean;
  /** Merge one snapshot; returns what was known before (undefined for a new call). */
  upsert: (call: CallPublic) => CallPublic | undefined;
  reload: () => void;
  /** Re-read the first page without showing a loading state (after a reconnection). */
  refresh: () => void;
  loadMore: () => void;
}

function byNewest(a: CallPublic, b: CallPublic): number {
  return parseTime(b.created_at) - parseTime(a.created_at) || b.execution_sid.localeCompare(a.execution_sid);
}

/** Reads a page of calls; the Dashboard passes its own (the calls in progress). Must be a stable function. */
export type CallLoader = (limit: number, offset: number) => Promise<CallList>;

export function useCallStore(load: CallLoader = listCalls): CallStore {
  const mapRef = useRef(new Map<string, CallPublic>());
  const [byId, setById] = useState<ReadonlyMap<string, CallPublic>>(mapRef.current);
  const [history, setHistory] = useState<HistoryState>({ status: "loading" });
  const [total, setTotal] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const requestSeq = useRef(0);

  /** Keeps the newer of two snapshots, so a late or duplicated update never moves a call backwards. */
  const merge = useCallback((incoming: CallPublic[]): number => {
    const next = new Map(mapRef.current);
    let added = 0;
    let changed = false;
    for (const call of incoming) {
      const current = next.get(call.execution_sid);
      if (!current) added += 1;
      if (!current || isNewerOrSame(call, current)) {
        next.set(call.execution_sid, call);
        changed = true;
      }
    }
    if (changed) {
      mapRef.current = next;
      setById(next);
    }
    return added;
  }, []);

  const upsert = useCallback(
    (call: CallPublic) => {
      const previous = mapRef.current.get(call.execution_sid);
      if (merge([call]) > 0) setTotal((count) => count + 1);
      return previous;
    },
    [merge],
  );

  const loadFirstPage = useCallback(
    async (silent: boolean) => {
      const seq = ++requestSeq.current;
      if (!silent) setHistory({ status: "loading" });
      try {
        const page = await load(PAGE_SIZE, 0);
        if (seq !== requestSeq.current) return;
        merge(page.items);
        setTotal(Math.max(page.total, page.items.length));
        setHistory({ status: "ready" });
      } catch (error) {
        if (seq !== requestSeq.current) return;
        if (!silent) setHistory({ status: "error", message: errorMessage(error) });
      }
    },
    [merge, load],
  );

  useEffect(() => {
    void loadFirstPage(false);
    // A request still running at unmount is ignored through requestSeq.
    return () => {
      requestSeq.current += 1;
    };
  }, [loadFirstPage]);

  const loadMore = useCallback(async () => {
    setLoadingMore(true);
    try {
      const page = await load(PAGE_SIZE, mapRef.current.size);
      merge(page.items);
      setTotal(Math.max(page.total, mapRef.current.size));
    } catch (error) {
      setHistory({ status: "error", message: errorMessage(error) });
    } finally {
      setLoadingMore(false);
    }
  }, [merge, load]);

  const calls = useMemo(() => [...byId.values()].sort(byNewest), [byId]);

  return {
    calls,
    byId,
    history,
    total,
    hasMore: history.status === "ready" && calls.length < total,
    loadingMore,
    upsert,
    reload: () => void loadFirstPage(false),
    refresh: () => void loadFirstPage(true),
    loadMore: () => void loadMore(),
  };
}
