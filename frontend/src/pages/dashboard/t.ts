// The Dashboard's own string tables (strings.ts), translated as the rest of the app is.
import { translator } from "../../i18n";
import { dashboardEn, dashboardTr } from "./strings";

export const { t, hasMessage } = translator({ en: dashboardEn, tr: dashboardTr });
