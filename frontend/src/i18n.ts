// The page's language: which one, remembered, and the translation of message ids (tables in messages/).
import { useSyncExternalStore } from "react";
import { en, type MessageId } from "./messages/en";
import { tr } from "./messages/tr";

export type { MessageId };
export type Locale = "en" | "tr";
export const LOCALES: readonly Locale[] = ["en", "tr"];

const tables: Record<Locale, Record<MessageId, string>> = { en, tr };
const STORAGE_KEY = "voicedash.locale";

function isLocale(value: unknown): value is Locale {
  return value === "en" || value === "tr";
}

/** Remembered choice first, then the browser's language; English otherwise. */
function initialLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // Storage can be disabled; the browser's language still decides.
  }
  return navigator.language.toLowerCase().startsWith("tr") ? "tr" : "en";
}

let currentLocale: Locale = initialLocale();
const listeners = new Set<() => void>();
document.documentElement.lang = currentLocale;

export function setLocale(locale: Locale): void {
  if (locale === currentLocale) return;
  currentLocale = locale;
  document.documentElement.lang = locale;
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Not remembered, but still switched for this visit.
  }
  listeners.forEach((listener) => listener());
}

export function getLocale(): Locale {
  return currentLocale;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current locale; a component using it re-renders (with everything it renders) when it changes. */
export function useLocale(): Locale {
  return useSyncExternalStore(subscribe, getLocale);
}

type Params = Record<string, string | number>;

/** `t` and `hasMessage` over one set of tables (a page may keep its own, with the same locales). */
export function translator<K extends string>(byLocale: Record<Locale, Record<K, string>>) {
  return {
    /** Translate a message id in the current locale, replacing `{name}` placeholders with params. */
    t(key: K, params?: Params): string {
      const template = byLocale[currentLocale][key] ?? byLocale.en[key] ?? key;
      if (!params) return template;
      return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
    },
    /** True when `key` is a known message id (for labels built from server values). */
    hasMessage(key: string): key is K {
      return key in byLocale.en;
    },
  };
}

export const { t, hasMessage } = translator(tables);

/**
 * A server error in the page's language. The server writes English, and its English message is more
 * precise than any generic one (it names the exact problem), so English keeps it; other languages use
 * the translation for the named field, then for the error code, then the server's text.
 */
export function translateServerError(message: string, code: string | null, field: string | null): string {
  if (currentLocale === "en" && message) return message;
  // Dates and numbers share the name "to"; the date one is "to" on a range request without a number.
  const fieldKey = field ? `error.field.${field}` : "";
  if (field && code !== "INVALID_NUMBER" && code !== "CALL_IN_PROGRESS" && hasMessage(fieldKey)) return t(fieldKey);
  const codeKey = code ? `error.code.${code}` : "";
  if (code && hasMessage(codeKey)) return t(codeKey, { field: field ?? "?" });
  return message;
}
