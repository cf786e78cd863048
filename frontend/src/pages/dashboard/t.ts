// Until the Dashboard's strings are folded into src/i18n.ts: the same `t`, over this page's own tables.
import { getLocale, type Locale } from "../../i18n";
import { dashboardEn, dashboardTr, type DashboardMessageId } from "./strings";

const tables: Record<Locale, Record<DashboardMessageId, string>> = { en: dashboardEn, tr: dashboardTr };

/** Translate a Dashboard message id in the page's current language, replacing `{name}` placeholders. */
export function t(key: DashboardMessageId, params?: Record<string, string | number>): string {
  const template = tables[getLocale()][key] ?? dashboardEn[key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** True when `key` is one of the Dashboard's message ids (for labels built from server codes). */
export function hasMessage(key: string): key is DashboardMessageId {
  return key in dashboardEn;
}
