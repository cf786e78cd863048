// Today's figures in the organisation's time zone: read once, then again after live events settle.
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage, getStats } from "../../api";
import { today } from "../../format";
import type { CallStats } from "../../types";

/** Events come in bursts (a batch, a call's several webhooks): wait for a pause… */
const QUIET_MS = 800;
/** …but never longer than this while they keep coming, so the figures visibly move. */
const MAX_WAIT_MS = 3000;

export type StatsState =
  | { status: "loading" }
  | { status: "ready"; stats: CallStats; refreshing: boolean }
  | { status: "error"; message: string };

/** Milliseconds until the next midnight in `timeZone` (a little after, never less than a minute). */
function untilMidnight(timeZone: string, now: Date = new Date()): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(now);
  const part = (type: string) => Number(parts.find((entry) => entry.type === type)?.value ?? 0);
  const elapsed = (part("hour") * 3600 + part("minute") * 60 + part("second")) * 1000;
  return Math.max(60_000, 24 * 3600 * 1000 - elapsed + 1000);
}

export interface TodayStats {
  state: StatsState;
  day: string;
  /** Ask for fresh figures soon (debounced): a call or batch moved. */
  refreshSoon: () => void;
  retry: () => void;
}

export function useTodayStats(timeZone: string): TodayStats {
  const [day, setDay] = useState(() => today(timeZone));
  const [state, setState] = useState<StatsState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const quietTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const firstAsked = useRef<number | null>(null);

  // The day turns over at midnight in the clinic's zone, not the browser's.
  useEffect(() => {
    setDay(today(timeZone));
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      timer = setTimeout(() => {
        setDay(today(timeZone));
        schedule();
      }, untilMidnight(timeZone));
    };
    schedule();
    return () => clearTimeout(timer);
  }, [timeZone]);

  useEffect(() => {
    const controller = new AbortController();
    setState((current) => (current.status === "ready" ? { ...current, refreshing: true } : current));
    getStats(day, day, timeZone, controller.signal)
      .then((stats) => setState({ status: "ready", stats, refreshing: false }))
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        // Figures already on screen stay there if only a refresh failed.
        setState((current) =>
          current.status === "ready"
            ? { ...current, refreshing: false }
            : { status: "error", message: errorMessage(error) },
        );
      });
    return () => controller.abort();
  }, [timeZone, day, attempt]);

  useEffect(() => () => clearTimeout(quietTimer.current), []);

  const refreshSoon = useCallback(() => {
    const now = Date.now();
    firstAsked.current ??= now;
    const wait = Math.min(QUIET_MS, Math.max(0, firstAsked.current + MAX_WAIT_MS - now));
    clearTimeout(quietTimer.current);
    quietTimer.current = setTimeout(() => {
      firstAsked.current = null;
      setAttempt((count) => count + 1);
    }, wait);
  }, []);

  const retry = useCallback(() => {
    setState({ status: "loading" });
    setAttempt((count) => count + 1);
  }, []);

  return { state, day, refreshSoon, retry };
}
