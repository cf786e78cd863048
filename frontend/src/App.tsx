import { useEffect } from "react";
import { LoginPage } from "./components/LoginPage";
import { NotFound, TopBar } from "./components/Shell";
import { Toasts } from "./components/Toasts";
import { t, useLocale, type Locale, type MessageId } from "./i18n";
import { CallsPage } from "./pages/calls/CallsPage";
import { DashboardPage } from "./pages/dashboard/DashboardPage";
import { SummaryPage } from "./pages/summary/SummaryPage";
import { useRoute, type Route } from "./route";
import { LiveProvider, useLiveToasts } from "./state/live";
import { OrgConfigContext, useOrgConfig } from "./state/useOrgConfig";
import { useSession } from "./state/useSession";
import type { Me } from "./types";

export function App() {
  // Read here so that switching the language re-renders the whole page, sign-in included.
  useLocale();
  const { state, signedIn, signOut } = useSession();
  if (state.status === "checking") return <p className="muted login__checking">{t("login.checking")}</p>;
  if (state.status === "signed-out") return <LoginPage onSignedIn={signedIn} expired={state.expired} />;
  return <SignedIn me={state.me} onSignOut={() => void signOut()} />;
}

/** Mounted only while signed in, so the socket connects with a session and closes on sign-out. */
function SignedIn({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  const locale = useLocale();
  const config = useOrgConfig();
  const route = useRoute();
  usePageTitle(route.page);

  return (
    <LiveProvider>
      <TopBar me={me} page={route.page} onSignOut={onSignOut} />
      <main id="main" className="shell__main">
        {config.status === "loading" ? (
          <p className="muted page-loading">{t("app.loading")}</p>
        ) : (
          <OrgConfigContext.Provider value={config.config}>
            {/* Rendered here, under useLocale(): a language switch re-renders every page without remounting it. */}
            <CurrentPage me={me} route={route} locale={locale} />
          </OrgConfigContext.Provider>
        )}
      </main>
      <LiveToasts />
    </LiveProvider>
  );
}

function CurrentPage({ me, route }: { me: Me; route: Route; locale: Locale }) {
  switch (route.page) {
    case "dashboard":
      return <DashboardPage me={me} />;
    case "calls":
      return <CallsPage me={me} params={route.params} />;
    case "summary":
      return <SummaryPage params={route.params} />;
    default:
      return <NotFound />;
  }
}

const PAGE_TITLES: Record<Route["page"], MessageId> = {
  dashboard: "nav.dashboard",
  calls: "nav.calls",
  summary: "nav.summary",
  "not-found": "nav.notFound",
};

/** "Calls · voicedash" in the tab and the history, in the page's language. */
function usePageTitle(page: Route["page"]) {
  const title = t("nav.pageTitle", { page: t(PAGE_TITLES[page]) });
  useEffect(() => {
    document.title = title;
  }, [title]);
}

function LiveToasts() {
  const { toasts, dismissToast } = useLiveToasts();
  return <Toasts toasts={toasts} onDismiss={dismissToast} />;
}
