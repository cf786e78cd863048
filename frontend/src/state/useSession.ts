// Who is signed in: checked on load, cleared when any request or the socket gets a 401.
import { useCallback, useEffect, useState } from "react";
import { getMe, SIGNED_OUT_EVENT, signOut } from "../api";
import type { Me } from "../types";

export type SessionState =
  | { status: "checking" }
  | { status: "signed-in"; me: Me }
  | { status: "signed-out"; expired: boolean };

const LOGIN_PATH = "/login";

/**
 * The sign-in page lives at /login, the app at /. The hash (page and filters) is kept across signing
 * in, so a bookmarked "#/calls?…" opens where it points after the sign-in.
 */
function showPath(signedIn: boolean): void {
  const onLogin = window.location.pathname === LOGIN_PATH;
  const hash = window.location.hash;
  if (signedIn && onLogin) window.history.replaceState(null, "", `/${hash}`);
  if (!signedIn && !onLogin) window.history.replaceState(null, "", `${LOGIN_PATH}${hash}`);
}

export function useSession() {
  const [state, setState] = useState<SessionState>({ status: "checking" });

  useEffect(() => {
    getMe()
      .then((me) => setState({ status: "signed-in", me }))
      // Not signed in, or the server is unreachable: the sign-in form says which when it is used.
      .catch(() => setState({ status: "signed-out", expired: false }));
    const expire = () =>
      setState((current) => (current.status === "signed-out" ? current : { status: "signed-out", expired: true }));
    window.addEventListener(SIGNED_OUT_EVENT, expire);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, expire);
  }, []);

  useEffect(() => {
    if (state.status !== "checking") showPath(state.status === "signed-in");
  }, [state.status]);

  const signedIn = useCallback((me: Me) => setState({ status: "signed-in", me }), []);
  const signOutNow = useCallback(async () => {
    try {
      await signOut();
    } finally {
      setState({ status: "signed-out", expired: false });
    }
  }, []);

  return { state, signedIn, signOut: signOutNow };
}
