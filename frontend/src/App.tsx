import { useState } from "react";
import { CallDetail } from "./components/CallDetail";
import { CallForm } from "./components/CallForm";
import { CallList } from "./components/CallList";
import { ConnectionStatus } from "./components/ConnectionStatus";
import { EventFeed } from "./components/EventFeed";
import { LoginPage } from "./components/LoginPage";
import { Toasts } from "./components/Toasts";
import { UserMenu } from "./components/UserMenu";
import { t } from "./i18n";
import { useDashboard } from "./state/useDashboard";
import { useSession } from "./state/useSession";
import type { Me } from "./types";

export function App() {
  const { state, signedIn, signOut } = useSession();
  if (state.status === "checking") return <p className="muted login__checking">{t("login.checking")}</p>;
  if (state.status === "signed-out") return <LoginPage onSignedIn={signedIn} expired={state.expired} />;
  return <Dashboard me={state.me} onSignOut={() => void signOut()} />;
}

/** Mounted only while signed in, so the socket connects with a session and closes on sign-out. */
function Dashboard({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  const { store, connection, feed, toasts, dismissToast, addStartedCall } = useDashboard();
  const [selectedSid, setSelectedSid] = useState<string | null>(null);
  const selected = selectedSid ? store.byId.get(selectedSid) : undefined;

  return (
    <>
      <header className="topbar">
        <div className="topbar__brand">
          <span className="topbar__logo" aria-hidden="true" />
          <span className="topbar__name">{t("app.name")}</span>
          <span className="topbar__tagline">{t("app.tagline")}</span>
        </div>
        {/* Room for Summary / Campaign pages; one page for now. */}
        <nav className="topbar__nav" aria-label={t("nav.label")}>
          <span className="topbar__link" aria-current="page">
            {t("nav.calls")}
          </span>
        </nav>
        <ConnectionStatus state={connection} />
        <UserMenu me={me} onSignOut={onSignOut} />
      </header>

      <main className="layout">
        <div className="layout__main">
          {me.role !== "viewer" && <CallForm onStarted={addStartedCall} />}
          <CallList store={store} selectedSid={selectedSid} onOpen={setSelectedSid} />
        </div>
        <aside className="layout__side">
          <EventFeed events={feed} />
        </aside>
      </main>

      {selected && <CallDetail key={selected.execution_sid} call={selected} onClose={() => setSelectedSid(null)} />}
      <Toasts toasts={toasts} onDismiss={dismissToast} />
    </>
  );
}
