import { useState } from "react";
import { CallDetail } from "./components/CallDetail";
import { CallForm } from "./components/CallForm";
import { CallList } from "./components/CallList";
import { ConnectionStatus } from "./components/ConnectionStatus";
import { EventFeed } from "./components/EventFeed";
import { Toasts } from "./components/Toasts";
import { t } from "./i18n";
import { useDashboard } from "./state/useDashboard";

export function App() {
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
      </header>

      <main className="layout">
        <div className="layout__main">
          <CallForm onStarted={addStartedCall} />
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
