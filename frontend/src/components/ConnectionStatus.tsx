import { t, type MessageId } from "../i18n";
import type { ConnectionState } from "../realtime";

const LABELS: Record<ConnectionState, MessageId> = {
  connecting: "connection.connecting",
  live: "connection.live",
  reconnecting: "connection.reconnecting",
  offline: "connection.offline",
};

export function ConnectionStatus({ state }: { state: ConnectionState }) {
  return (
    <div
      className={`connection connection--${state}`}
      data-testid="connection-status"
      data-state={state}
      title={t(state === "live" ? "connection.hint.live" : "connection.hint.down")}
    >
      <span className="connection__dot" aria-hidden="true" />
      {t(LABELS[state])}
    </div>
  );
}
