import { useEffect, useRef, useState, type MouseEvent } from "react";
import { errorMessage, getCall, startCall } from "../api";
import { t } from "../i18n";
import { answeredByLabel, formatFull, isNewerOrSame } from "../format";
import { displayNumber } from "../phone";
import type { CallDetail as CallDetailData, CallPublic } from "../types";
import { OutcomeBadge, StatusBadge } from "./Badges";
import { Timeline } from "./Timeline";

type DetailState =
  | { status: "loading" }
  | { status: "ready"; detail: CallDetailData }
  | { status: "error"; message: string };

/** Live updates often come in bursts; wait for the burst to end before re-reading the timeline. */
const REFRESH_DELAY_MS = 400;

interface CallDetailProps {
  /** The call as the list knows it (kept current by live events). */
  call: CallPublic;
  onClose: () => void;
  /** Offer "Call again" (operators and admins; the server checks too). */
  canCallAgain?: boolean;
}

export function CallDetail({ call: liveCall, onClose, canCallAgain = false }: CallDetailProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [state, setState] = useState<DetailState>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const loadedOnce = useRef(false);
  const sid = liveCall.execution_sid;

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  // (Re)load the timeline on open, when the call changes, and on "Try again".
  useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(
      () => {
        getCall(sid, controller.signal)
          .then((detail) => {
            loadedOnce.current = true;
            setState({ status: "ready", detail });
          })
          .catch((error: unknown) => {
            if (controller.signal.aborted) return;
            // Keep a timeline already on screen if only a background refresh failed.
            setState((current) =>
              current.status === "ready" ? current : { status: "error", message: errorMessage(error) },
            );
          });
      },
      loadedOnce.current ? REFRESH_DELAY_MS : 0,
    );
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [sid, liveCall.updated_at, attempt]);

  const close = () => dialogRef.current?.close();
  const retry = () => {
    setState({ status: "loading" });
    setAttempt((count) => count + 1);
  };
  const closeOnBackdrop = (event: MouseEvent<HTMLDialogElement>) => {
    if (event.target === event.currentTarget) close();
  };

  const fetched = state.status === "ready" ? state.detail.call : null;
  const call = fetched && !isNewerOrSame(liveCall, fetched) ? fetched : liveCall;

  return (
    <dialog
      ref={dialogRef}
      className="detail"
      aria-labelledby="detail-title"
      data-testid="call-detail"
      data-execution-sid={sid}
      onClose={onClose}
      onClick={closeOnBackdrop}
    >
      <div className="detail__inner">
        <div className="detail__header">
          <h2 id="detail-title" className="detail__title">
            {t("detail.title", { to: displayNumber(call.to) })}
          </h2>
          <button type="button" className="button button--secondary button--small" onClick={close}>
            {t("detail.close")}
          </button>
        </div>

        <div className="detail__badges">
          <StatusBadge status={call.status} />
          <OutcomeBadge outcome={call.outcome} />
        </div>

        <CallFacts call={call} />
        {canCallAgain && <CallAgain to={call.to} />}

        {call.recording_url && (
          <section className="detail__section">
            <h3 className="detail__subtitle">{t("detail.recording")}</h3>
            <audio className="detail__audio" controls preload="none" src={call.recording_url} data-testid="recording" />
          </section>
        )}

        <section className="detail__section" aria-busy={state.status === "loading"}>
          <h3 className="detail__subtitle">{t("detail.timeline")}</h3>
          {state.status === "loading" && <p className="muted">{t("detail.loading")}</p>}
          {state.status === "error" && (
            <div className="notice notice--error" role="alert" data-testid="detail-error">
              <span>{t("detail.error", { message: state.message })}</span>
              <button type="button" className="button button--small" onClick={retry}>
                {t("detail.retry")}
              </button>
            </div>
          )}
          {state.status === "ready" && <Timeline events={state.detail.events} />}
        </section>
      </div>
    </dialog>
  );
}

type CallAgainState = { status: "idle" } | { status: "calling" } | { status: "started" } | { status: "error"; message: string };

/** Start a new call to the same number (someone to reach again, a changed appointment). */
function CallAgain({ to }: { to: string }) {
  const [state, setState] = useState<CallAgainState>({ status: "idle" });
  const callAgain = () => {
    if (state.status === "calling") return;
    setState({ status: "calling" });
    startCall(to)
      .then(() => setState({ status: "started" }))
      .catch((error: unknown) => setState({ status: "error", message: errorMessage(error) }));
  };
  return (
    <div className="detail__actions">
      <button
        type="button"
        className="button button--primary"
        disabled={state.status === "calling"}
        aria-busy={state.status === "calling" || undefined}
        onClick={callAgain}
        data-testid="call-again"
      >
        {state.status === "calling" && <span className="spinner" aria-hidden="true" />}
        {t(state.status === "calling" ? "detail.callingAgain" : "detail.callAgain")}
      </button>
      <span role="status" className={state.status === "error" ? "field__error" : "muted"} data-testid="call-again-result">
        {state.status === "started" && t("detail.calledAgain")}
        {state.status === "error" && state.message}
      </span>
    </div>
  );
}

function CallFacts({ call }: { call: CallPublic }) {
  const facts: [string, string][] = [
    [t("detail.keys"), call.digits ?? t("calls.noKeys")],
    [t("detail.started"), formatFull(call.created_at)],
  ];
  if (call.answered_at) facts.push([t("detail.answered"), formatFull(call.answered_at)]);
  if (call.ended_at) facts.push([t("detail.ended"), formatFull(call.ended_at)]);
  facts.push([t("detail.updated"), formatFull(call.updated_at)]);
  if (call.duration !== null) facts.push([t("detail.duration"), t("detail.durationValue", { seconds: call.duration })]);
  if (call.answered_by) facts.push([t("detail.answeredBy"), answeredByLabel(call.answered_by)]);
  if (call.from) facts.push([t("detail.from"), displayNumber(call.from)]);
  facts.push([t("detail.executionSid"), call.execution_sid]);

  return (
    <dl className="facts">
      {facts.map(([label, value]) => (
        <div key={label} className="facts__item">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
