// Batches shown on the page: started here, still running after a reload, or seen going by on the socket.
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "../../api";
import type { BulkCompleteEvent, BulkProgressEvent } from "../../realtime";
import { cancelBatch, getBatch, listRunningBatches, type Batch, type BatchStatus, type BulkVerdict } from "./api";

/** Batch ids (never numbers) this browser showed last, so a reload finds them again. */
const STORAGE_KEY = "voicedash.dashboard.batches";
const REMEMBERED = 5;

function remembered(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    return Array.isArray(value) ? value.filter((id): id is string => typeof id === "string") : [];
  } catch {
    return [];
  }
}

function remember(ids: string[]): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(ids.slice(0, REMEMBERED)));
  } catch {
    // Private mode or a full storage: the batch is still shown until the page is reloaded.
  }
}

/** A batch's status only moves this way; cancelled wins (the server said so, whatever came before). */
const STATUS_RANK: Record<BatchStatus, number> = { running: 0, complete: 1, cancelled: 2 };

/**
 * Counters only move forward whatever order updates arrive in (an event can overtake the HTTP answer);
 * a cancelled or complete batch stays so.
 */
export function mergeBatch(current: Batch | undefined, update: Partial<Batch> & { batch_id: string }): Batch {
  const base: Batch = current ?? {
    batch_id: update.batch_id,
    status: "running",
    total: 0,
    started: 0,
    failed: 0,
    cancelled: 0,
    remaining: 0,
    failures: [],
  };
  const total = update.total ?? base.total;
  const started = Math.max(base.started, update.started ?? 0);
  const failed = Math.max(base.failed, update.failed ?? 0);
  const cancelled = Math.max(base.cancelled, update.cancelled ?? 0);
  const incoming = update.status ?? "running";
  const ended = STATUS_RANK[incoming] > STATUS_RANK[base.status] ? incoming : base.status;
  return {
    batch_id: base.batch_id,
    status: ended,
    total,
    started,
    failed,
    cancelled,
    // Rows still to come; none once the batch has ended (complete, or the rest cancelled).
    remaining: ended === "running" ? Math.max(0, total - started - failed - cancelled) : 0,
    failures: update.failures && update.failures.length >= base.failures.length ? update.failures : base.failures,
    rejected: base.rejected ?? update.rejected,
  };
}

export type CancelState = { status: "idle" } | { status: "cancelling" } | { status: "error"; message: string };

export interface Batches {
  /** Newest first. */
  list: Batch[];
  loadError: string | null;
  cancelling: ReadonlyMap<string, CancelState>;
  started: (verdict: BulkVerdict) => void;
  cancel: (batchId: string) => void;
  dismiss: (batchId: string) => void;
  onProgress: (event: BulkProgressEvent) => void;
  onComplete: (event: BulkCompleteEvent) => void;
  /** Re-read every running batch (after the socket reconnects: events may have been missed). */
  refresh: () => void;
}

export function useBatches(): Batches {
  const [byId, setById] = useState<ReadonlyMap<string, Batch>>(new Map());
  const [order, setOrder] = useState<string[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<ReadonlyMap<string, CancelState>>(new Map());
  const orderRef = useRef<string[]>([]);
  const byIdRef = useRef(byId);
  byIdRef.current = byId;

  const apply = useCallback((update: Partial<Batch> & { batch_id: string }) => {
    setById((current) => new Map(current).set(update.batch_id, mergeBatch(current.get(update.batch_id), update)));
    if (!orderRef.current.includes(update.batch_id)) {
      orderRef.current = [update.batch_id, ...orderRef.current];
      setOrder(orderRef.current);
      remember(orderRef.current);
    }
  }, []);

  const reload = useCallback(
    async (ids: string[], signal?: AbortSignal) => {
      const found = await Promise.all(ids.map((id) => getBatch(id, signal).catch(() => null)));
      for (const batch of found) if (batch) apply(batch);
    },
    [apply],
  );

  // On load: the batches the server says are running, and those this browser showed last time.
  useEffect(() => {
    const controller = new AbortController();
    const mine = remembered();
    orderRef.current = [];
    listRunningBatches(controller.signal)
      .then((running) => {
        for (const batch of [...(running ?? [])].reverse()) apply(batch);
        const known = new Set((running ?? []).map((batch) => batch.batch_id));
        return reload(
          [...mine].reverse().filter((id) => !known.has(id)),
          controller.signal,
        );
      })
      // Batches the server no longer knows are forgotten.
      .then(() => {
        if (!controller.signal.aborted) remember(orderRef.current);
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setLoadError(errorMessage(error));
      });
    return () => controller.abort();
  }, [apply, reload]);

  const started = useCallback(
    (verdict: BulkVerdict) => {
      if (!verdict.batch_id) return;
      const total = verdict.accepted.length;
      apply({ batch_id: verdict.batch_id, total, remaining: total, rejected: verdict.rejected });
      // Events sent before this answer arrived were applied already; the server's counters settle the rest.
      void reload([verdict.batch_id]);
    },
    [apply, reload],
  );

  const setCancel = (batchId: string, state: CancelState) =>
    setCancelling((current) => new Map(current).set(batchId, state));

  const cancel = useCallback(
    (batchId: string) => {
      setCancel(batchId, { status: "cancelling" });
      cancelBatch(batchId)
        .then((batch) => {
          apply(batch ?? { batch_id: batchId, status: "cancelled" });
          setCancel(batchId, { status: "idle" });
        })
        .catch((error: unknown) => {
          setCancel(batchId, { status: "error", message: errorMessage(error) });
          // It may have ended meanwhile (a 409): show what it is now.
          void reload([batchId]);
        });
    },
    [apply, reload],
  );

  const dismiss = useCallback((batchId: string) => {
    orderRef.current = orderRef.current.filter((id) => id !== batchId);
    setOrder(orderRef.current);
    remember(orderRef.current);
  }, []);

  const onProgress = useCallback(
    (event: BulkProgressEvent) => {
      const { batch_id, total, started: count, failed, remaining } = event;
      apply({ batch_id, total, started: count, failed, remaining });
    },
    [apply],
  );

  const onComplete = useCallback(
    (event: BulkCompleteEvent) => {
      const { batch_id, total, started: count, failed } = event;
      const status = event.status === "cancelled" ? "cancelled" : "complete";
      apply({ batch_id, total, started: count, failed, cancelled: event.cancelled ?? 0, remaining: 0, status });
      // The failed rows' reasons come with the batch, not with the event.
      if (failed > 0) void reload([batch_id]);
    },
    [apply, reload],
  );

  const refresh = useCallback(() => {
    const running = orderRef.current.filter((id) => byIdRef.current.get(id)?.status === "running");
    void reload(running);
  }, [reload]);

  const list = order.flatMap((id) => {
    const batch = byId.get(id);
    return batch ? [batch] : [];
  });

  return { list, loadError, cancelling, started, cancel, dismiss, onProgress, onComplete, refresh };
}
