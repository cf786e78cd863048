// Notification queue; each toast dismisses itself (see components/Toasts.tsx).
import { useCallback, useState } from "react";

export type ToastTone = "confirmed" | "cancelled" | "voicemail";

export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  body: string;
}

/** More than this at once would cover the page; the oldest go first. */
const MAX_VISIBLE = 5;
let nextId = 1;

export function useToasts() {
  const [toasts, setToasts] = useState<Toast[]>([]);

  const notify = useCallback((toast: Omit<Toast, "id">) => {
    const id = nextId++;
    setToasts((current) => [...current, { ...toast, id }].slice(-MAX_VISIBLE));
  }, []);

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  return { toasts, notify, dismiss };
}
