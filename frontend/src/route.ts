// Hash routing without a router library: "#/calls?status=busy" → { page: "calls", params }.
import { useSyncExternalStore } from "react";

export type Page = "dashboard" | "calls" | "summary" | "not-found";

const PATHS: Record<string, Page> = { "/": "dashboard", "": "dashboard", "/calls": "calls", "/summary": "summary" };
export const PAGE_HASH: Record<Exclude<Page, "not-found">, string> = {
  dashboard: "#/",
  calls: "#/calls",
  summary: "#/summary",
};

export interface Route {
  page: Page;
  params: URLSearchParams;
}

function subscribe(listener: () => void): () => void {
  window.addEventListener("hashchange", listener);
  return () => window.removeEventListener("hashchange", listener);
}

function currentHash(): string {
  return window.location.hash;
}

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#/, "");
  const mark = body.indexOf("?");
  const path = mark === -1 ? body : body.slice(0, mark);
  const query = mark === -1 ? "" : body.slice(mark + 1);
  return { page: PATHS[path] ?? "not-found", params: new URLSearchParams(query) };
}

/** The page and its query, re-rendering on every hash change (back/forward, links, navigate()). */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash);
  return parseHash(hash);
}

export function hashFor(page: Exclude<Page, "not-found">, params?: URLSearchParams): string {
  const query = params?.toString();
  return query ? `${PAGE_HASH[page]}?${query}` : PAGE_HASH[page];
}

/**
 * Go to a page with a query. `replace` keeps one history entry while a filter is being edited, so that
 * Back leaves the page instead of undoing keystrokes.
 */
export function navigate(page: Exclude<Page, "not-found">, params?: URLSearchParams, replace = false): void {
  const hash = hashFor(page, params);
  if (hash === window.location.hash) return;
  if (replace) {
    window.history.replaceState(window.history.state, "", hash);
    // replaceState fires no hashchange: tell the subscribers ourselves.
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    window.location.hash = hash;
  }
}
