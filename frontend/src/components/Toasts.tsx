import { useEffect, useState } from "react";
import { t } from "../i18n";
import type { Toast } from "../state/useToasts";

export const TOAST_TIMEOUT_MS = 8000;

interface ToastsProps {
  toasts: Toast[];
  onDismiss: (id: number) => void;
}

export function Toasts({ toasts, onDismiss }: ToastsProps) {
  return (
    <section className="toasts" aria-label={t("toast.region")}>
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} onDismiss={onDismiss} />
      ))}
    </section>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: (id: number) => void }) {
  // Hovering or focusing a toast holds it, so it can be read while answering the phone.
  const [held, setHeld] = useState(false);

  useEffect(() => {
    if (held) return;
    const timer = setTimeout(() => onDismiss(toast.id), TOAST_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [held, toast.id, onDismiss]);

  return (
    <div
      className={`toast toast--${toast.tone}`}
      role="status"
      aria-live="polite"
      aria-atomic="true"
      data-testid="toast"
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
      onBlur={() => setHeld(false)}
    >
      <div className="toast__text">
        <p className="toast__title">{toast.title}</p>
        <p className="toast__body">{toast.body}</p>
      </div>
      <button type="button" className="toast__close" aria-label={t("toast.dismiss")} onClick={() => onDismiss(toast.id)}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
