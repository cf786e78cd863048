// One page of the calls list from the server, kept current by live events without a request per event.
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage, getHistory } from "../../api";
import { isNewerOrSame } from "../../format";
import { useLiveEvents } from "../../state/live";
import type { CallHistory, CallPublic, HistoryQuery } from "../../types";

export type HistoryState =
  | { status: "loading"; page: CallHistory | null }
  | { status: "ready"; page: CallHistory; key: string }
  | { status: "error"; page: CallHistory | null; message: string };

/** Calls not on the page arrive in bursts (a batch starts dozens): at most one re-read per this delay. */
export const REFRESH_AFTER_MS = 1500;

export function useHistory(query: HistoryQuery) {
  const [state, setState] = useState<HistoryState>({ status: "loading", page: null });
  const [newArrivals, setNewArrivals] = useState(false);
  const [reloads, setReloads] = useState(0);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const key = JSON.stringify(query);

  useEffect(() => {
    const controller = new AbortController();
    setState((current) => ({ status: "loading", page: current.page }));
    getHistory(query, controller.signal)
      .then((page) => {
        setNewArrivals(false);
        setState({ status: "ready", page, key });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setState((current) => ({ status: "error", page: current.page, message: errorMessage(error) }));
      });
    return () => controller.abort();
    // `key` stands for `query`: a new object with the same filters must not refetch.
  }, [key, reloads]);

  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  const reload = useCallback(() => setReloads((count) => count + 1), []);

  /** Re-read the page once the burst settles; the rows on screen stay while it loads. */
  const refreshSoon = useCallback(() => {
    if (refreshTimer.current !== undefined) return;
    refreshTimer.current = setTimeout(() => {
      refreshTimer.current = undefined;
      reload();
    }, REFRESH_AFTER_MS);
  }, [reload]);

  const replaceRow = useCallback((call: CallPublic) => {
    setState((current) => {
      const page = current.page;
      if (!page) return current;
      const index = page.items.findIndex((item) => item.execution_sid === call.execution_sid);
      const existing = index === -1 ? undefined : page.items[index];
      if (!existing || !isNewerOrSame(call, existing)) return current;
      const items = page.items.slice();
      items[index] = call;
      return { ...current, page: { ...page, items } } as HistoryState;
    });
  }, []);

  const onScreen = useRef(new Set<string>());
  onScreen.current = new Set(state.page?.items.map((item) => item.execution_sid) ?? []);

  useLiveEvents(
    (event) => {
      if (onScreen.current.has(event.call.execution_sid)) {
        replaceRow(event.call);
      } else if (query.offset === 0) {
        // A new call may belong at the top of the first page.
        refreshSoon();
      } else {
        // Further pages would shift under the reader: say so and let them choose.
        setNewArrivals(true);
      }
    },
    reload,
  );

  /** True once the rows shown are those of the current filters (not the previous ones while loading). */
  const settled = state.status === "ready" && state.key === key;
  return { state, settled, newArrivals, reload };
}
