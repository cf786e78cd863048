import { useState, type FormEvent } from "react";
import { errorMessage, signIn } from "../api";
import { t } from "../i18n";
import type { Me } from "../types";

interface LoginPageProps {
  onSignedIn: (me: Me) => void;
  /** True when a session ended under the person's feet (not on a first visit). */
  expired: boolean;
}

export function LoginPage({ onSignedIn, expired }: LoginPageProps) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting) return;
    if (!username.trim() || !password) {
      setError(t("login.error.empty"));
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      onSignedIn(await signIn(username.trim(), password));
    } catch (caught) {
      setError(errorMessage(caught));
      setPassword("");
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <main className="login">
      <section className="card login__card" aria-labelledby="login-title">
        <div className="topbar__brand login__brand">
          <span className="topbar__logo" aria-hidden="true" />
          <span className="topbar__name">{t("app.name")}</span>
        </div>
        <h1 id="login-title" className="card__title">
          {t("login.title")}
        </h1>
        {expired && !error && <p className="muted login__note">{t("login.expired")}</p>}
        <form className="login__form" onSubmit={submit} noValidate>
          <label className="field__label" htmlFor="login-username">
            {t("login.username")}
          </label>
          <input
            id="login-username"
            className="input"
            autoComplete="username"
            autoFocus
            value={username}
            onChange={(change) => setUsername(change.target.value)}
          />
          <label className="field__label" htmlFor="login-password">
            {t("login.password")}
          </label>
          <input
            id="login-password"
            className="input"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(change) => setPassword(change.target.value)}
            aria-describedby={error ? "login-error" : undefined}
          />
          {error && (
            <p id="login-error" className="field__error" role="alert" data-testid="login-error">
              {error}
            </p>
          )}
          <button type="submit" className="button button--primary" disabled={submitting} aria-busy={submitting || undefined}>
            {submitting && <span className="spinner" aria-hidden="true" />}
            {t("login.submit")}
          </button>
        </form>
      </section>
    </main>
  );
}
