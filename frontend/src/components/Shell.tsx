// The top bar every signed-in page shares: brand, navigation, live connection, language, user.
import { LOCALES, setLocale, t, useLocale, type Locale, type MessageId } from "../i18n";
import { PAGE_HASH, type Page } from "../route";
import { useConnection } from "../state/live";
import type { Me } from "../types";
import { ConnectionStatus } from "./ConnectionStatus";
import { UserMenu } from "./UserMenu";

const NAV: { page: Exclude<Page, "not-found">; label: MessageId }[] = [
  { page: "dashboard", label: "nav.dashboard" },
  { page: "calls", label: "nav.calls" },
  { page: "summary", label: "nav.summary" },
];

interface TopBarProps {
  me: Me;
  page: Page;
  onSignOut: () => void;
}

export function TopBar({ me, page, onSignOut }: TopBarProps) {
  const connection = useConnection();
  return (
    <header className="topbar">
      <a className="topbar__brand" href={PAGE_HASH.dashboard}>
        <span className="topbar__logo" aria-hidden="true" />
        <span className="topbar__name">{t("app.name")}</span>
        <span className="topbar__tagline">{t("app.tagline")}</span>
      </a>
      <nav className="topbar__nav" aria-label={t("nav.label")} data-testid="main-nav">
        {NAV.map((item) => (
          <a
            key={item.page}
            className="topbar__link"
            href={PAGE_HASH[item.page]}
            aria-current={item.page === page ? "page" : undefined}
            data-testid={`nav-${item.page}`}
          >
            {t(item.label)}
          </a>
        ))}
      </nav>
      <ConnectionStatus state={connection} />
      <LanguageSwitcher />
      <UserMenu me={me} onSignOut={onSignOut} />
    </header>
  );
}

export function LanguageSwitcher() {
  const locale = useLocale();
  return (
    <label className="language">
      <span className="visually-hidden">{t("language.label")}</span>
      <select
        className="language__select"
        value={locale}
        data-testid="language"
        onChange={(change) => setLocale(change.target.value as Locale)}
      >
        {LOCALES.map((option) => (
          // Each language is named in itself, so a person can find theirs whatever is shown now.
          <option key={option} value={option} lang={option}>
            {t(`language.${option}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function NotFound() {
  return (
    <div className="page page--narrow">
      <section className="card">
        <p>{t("nav.notFound")}</p>
        <p>
          <a href={PAGE_HASH.dashboard}>{t("nav.backHome")}</a>
        </p>
      </section>
    </div>
  );
}
