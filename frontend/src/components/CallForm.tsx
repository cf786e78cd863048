import { useRef, useState, type FormEvent } from "react";
import { ApiError, errorMessage, startCall } from "../api";
import { t } from "../i18n";
import type { CallPublic } from "../types";

interface FormError {
  message: string;
  /** True when the number itself is wrong (not, say, the server being busy). */
  invalid: boolean;
}

function toFormError(error: unknown): FormError {
  const invalid =
    error instanceof ApiError &&
    (error.field === "to" || (error.field === null && (error.status === 400 || error.status === 422)));
  return { message: errorMessage(error), invalid };
}

export function CallForm({ onStarted }: { onStarted: (call: CallPublic) => void }) {
  const [to, setTo] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  // State updates land after a re-render; a ref blocks a second submit fired in the same tick.
  const inFlight = useRef(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (inFlight.current) return;
    const number = to.trim();
    if (!number) {
      setError({ message: t("form.error.empty"), invalid: true });
      inputRef.current?.focus();
      return;
    }
    inFlight.current = true;
    setSubmitting(true);
    setError(null);
    try {
      const call = await startCall(number);
      setTo("");
      onStarted(call);
    } catch (caught) {
      setError(toFormError(caught));
    } finally {
      inFlight.current = false;
      setSubmitting(false);
      // The disabled button dropped focus; put it back where the next number is typed.
      inputRef.current?.focus();
    }
  }

  return (
    <section className="card" aria-labelledby="call-form-title">
      <h2 id="call-form-title" className="card__title">
        {t("form.title")}
      </h2>
      <form className="call-form" onSubmit={submit} noValidate>
        <label className="field__label" htmlFor="call-to">
          {t("form.phone.label")}
        </label>
        <div className="call-form__row">
          <input
            ref={inputRef}
            id="call-to"
            name="to"
            className="input"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            spellCheck={false}
            placeholder={t("form.phone.placeholder")}
            value={to}
            onChange={(change) => {
              setTo(change.target.value);
              if (error) setError(null);
            }}
            aria-invalid={error?.invalid ? true : undefined}
            aria-describedby={error ? "to-error" : undefined}
          />
          <button
            type="submit"
            className="button button--primary"
            disabled={submitting}
            aria-busy={submitting || undefined}
          >
            {submitting && <span className="spinner" aria-hidden="true" />}
            {t("form.submit")}
          </button>
        </div>
        {error && (
          <p id="to-error" className="field__error" role="alert" data-testid="to-error">
            {error.message}
          </p>
        )}
      </form>
    </section>
  );
}
