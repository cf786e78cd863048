// Every user-visible string, in English and Turkish. A key missing from a locale is a TypeScript error.
import { useSyncExternalStore } from "react";

const en = {
  "app.name": "voicedash",
  "app.tagline": "Appointment confirmation calls",
  "app.loading": "Loading…",
  "nav.label": "Main",
  "nav.dashboard": "Dashboard",
  "nav.calls": "Calls",
  "nav.summary": "Summary",
  "nav.notFound": "This page does not exist.",
  "nav.backHome": "Go to the dashboard",
  "nav.pageTitle": "{page} · voicedash",

  "language.label": "Language",
  "language.en": "English",
  "language.tr": "Türkçe",

  "common.none": "—",
  "common.close": "Close",
  "common.retry": "Try again",
  "common.showTable": "Show as a table",

  "login.title": "Sign in to voicedash",
  "login.username": "Username",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.checking": "Loading…",
  "login.error.empty": "Enter your username and password.",
  "login.expired": "Your session has ended. Sign in again to continue.",

  "user.signedInAs": "Signed in as {name} ({role})",
  "user.logout": "Sign out",
  "role.viewer": "viewer",
  "role.operator": "operator",
  "role.admin": "admin",

  "connection.live": "Live",
  "connection.connecting": "Connecting…",
  "connection.reconnecting": "Reconnecting…",
  "connection.offline": "Offline",
  "connection.hint.live": "Updates arrive as they happen.",
  "connection.hint.down": "Live updates are paused; the page catches up when the connection returns.",

  "form.title": "Call someone",
  "form.phone.label": "Phone number",
  "form.phone.placeholder": "+1 415 555 0101",
  "form.submit": "Call",
  "form.error.empty": "Enter a phone number to call.",

  "calls.title": "Recent calls",
  "calls.count": "{shown} of {total}",
  "calls.loading": "Loading recent calls…",
  "calls.empty": "No calls yet — start one above",
  "calls.error": "Couldn't load recent calls: {message}",
  "calls.retry": "Try again",
  "calls.more": "Show more",
  "calls.loadingMore": "Loading…",
  "calls.col.number": "Number",
  "calls.col.status": "Call status",
  "calls.col.outcome": "Answer",
  "calls.col.keys": "Keys",
  "calls.col.time": "Started",
  "calls.statusPrefix": "Status:",
  "calls.outcomePrefix": "Answer:",
  "calls.keysPrefix": "Keys pressed:",
  "calls.noKeys": "—",
  "calls.unknownNumber": "Unknown number",

  "history.title": "Calls",
  "history.filters": "Filters",
  "history.from": "From",
  "history.to": "To",
  "history.status": "Call status",
  "history.outcome": "Answer",
  "history.any": "Any",
  "history.selected": "{count} selected",
  "history.search": "Number",
  "history.searchHint": "Full number, or its last 4 digits",
  "history.searchSubmit": "Search",
  "history.clear": "Clear filters",
  "history.export": "Export CSV",
  "history.pageSize": "Rows per page",
  "history.range": "{first}–{last} of {total}",
  "history.totalAtLeast": "{count}+",
  "history.previous": "Previous",
  "history.next": "Next",
  "history.pagination": "Pages",
  "history.loading": "Loading calls…",
  "history.empty": "No calls match these filters.",
  "history.emptyAll": "No calls yet.",
  "history.error": "Couldn't load the calls: {message}",
  "history.newCalls": "New calls have arrived.",
  "history.showNew": "Show them",
  "history.sortBy": "Sort by {column}",
  "history.openHint": "Press Enter to open the call",
  "history.zoneNote": "Times in {zone}",
  "history.today": "Today",

  "status.queued": "Queued",
  "status.initiated": "Dialing",
  "status.ringing": "Ringing",
  "status.in-progress": "In progress",
  "status.completed": "Completed",
  "answeredBy.human": "A person",
  "answeredBy.machine_start": "Answering machine",
  "answeredBy.machine_end_beep": "Answering machine (after the beep)",
  "answeredBy.machine_end_silence": "Answering machine (after silence)",
  "answeredBy.machine_end_other": "Answering machine",
  "answeredBy.fax": "Fax",
  "answeredBy.unknown": "Unknown",
  "status.busy": "Busy",
  "status.no-answer": "No answer",
  "status.canceled": "Stopped",
  "status.failed": "Failed",

  "outcome.pending": "Pending",
  "outcome.confirmed": "Confirmed",
  "outcome.cancelled": "Cancelled",
  "outcome.voicemail": "Voicemail",
  "outcome.no_answer": "No answer",
  "outcome.busy": "Busy",
  "outcome.failed": "Failed",
  "outcome.machine": "Answering machine",
  "outcome.no_input": "No input",
  "outcome.hung_up": "Hung up",

  "event.initiated": "Call started",
  "event.machine": "Answering machine",
  "event.busy": "Busy",
  "event.no_answer": "No answer",
  "event.call_failed": "Call failed",
  "event.no_input": "No keys pressed",
  "event.dtmf": "Key pressed",
  "event.dtmf_action": "Answer recorded",
  "event.voicemail_recorded": "Voicemail recorded",
  "event.completed": "Call ended",

  "detail.title": "Call to {to}",
  "detail.close": "Close",
  "detail.loading": "Loading the timeline…",
  "detail.error": "Couldn't load the timeline: {message}",
  "detail.retry": "Try again",
  "detail.keys": "Keys pressed",
  "detail.answeredBy": "Answered by",
  "detail.duration": "Duration",
  "detail.durationValue": "{seconds} s",
  "detail.from": "Called from",
  "detail.started": "Started",
  "detail.answered": "Answered",
  "detail.ended": "Ended",
  "detail.updated": "Last update",
  "detail.executionSid": "Execution SID",
  "detail.recording": "Voicemail recording",
  "detail.timeline": "Timeline",
  "detail.noEvents": "No events received for this call yet.",
  "detail.raw": "Raw payload ({contentType})",
  "detail.callAgain": "Call again",
  "detail.callingAgain": "Calling…",
  "detail.calledAgain": "A new call to this number has started.",

  "kind.status": "Status",
  "kind.dtmf": "Keypress",
  "kind.flow": "Flow",

  "feed.title": "Live events",
  "feed.empty": "Events appear here as calls progress.",
  "feed.pressed": "pressed {digits}",

  "toast.region": "Notifications",
  "toast.dismiss": "Dismiss notification",
  "toast.confirmed": "Confirmed — pressed {digits}",
  "toast.cancelled": "Cancelled — pressed {digits}",
  "toast.voicemail": "Voicemail — pressed {digits}",
  "toast.confirmed.noDigits": "Confirmed",
  "toast.cancelled.noDigits": "Cancelled",
  "toast.voicemail.noDigits": "Voicemail",

  "summary.title": "Summary",
  "summary.range": "Period",
  "summary.reversed": "The start date must not be after the end date.",
  "summary.preset.7": "Last 7 days",
  "summary.preset.30": "Last 30 days",
  "summary.preset.90": "Last 90 days",
  "summary.preset.month": "This month",
  "summary.zone": "Time zone",
  "summary.zoneServer": "{zone} (clinic)",
  "summary.apply": "Show",
  "summary.loading": "Loading the summary…",
  "summary.error": "Couldn't load the summary: {message}",
  "summary.totals": "Totals",
  "summary.calls": "Calls",
  "summary.answered": "Answered",
  "summary.notReached": "Not reached",
  "summary.inProgress": "In progress",
  "summary.answerRate": "Answer rate",
  "summary.daily": "Calls per day by answer",
  "summary.dailyLabel": "Stacked bars: calls per day from {from} to {to}, split by answer. {calls} calls in all.",
  "summary.day": "Day",
  "summary.noCalls": "No calls in this period.",
  "summary.hourly": "Answer rate by hour of day",
  "summary.hourlyLabel": "Bars: share of calls answered for each hour of the day, {from} to {to}.",
  "summary.hour": "Hour",
  "summary.heatmap": "Calls per day in the month",
  "summary.heatmapLabel": "Calendar of {month}: darker days had more calls; the busiest had {max}.",
  "summary.month": "Month",
  "summary.dayCalls": "{day}: {count} calls",
  "summary.legendFewer": "Fewer",
  "summary.legendMore": "More",
  "summary.prevMonth": "Previous month",
  "summary.nextMonth": "Next month",
  "summary.hourBar": "{hour}: {rate} answered ({answered} of {calls} calls)",

  "error.network": "Can't reach the voicedash server. Check the connection and try again.",
  "error.http": "The server answered with an error (HTTP {status}).",
  "error.badResponse": "The server sent a response this page doesn't understand.",
  "error.code.VALIDATION_ERROR": "Some of what was sent is not valid ({field}).",
  "error.code.INVALID_NUMBER": "This phone number cannot be called.",
  "error.code.CALL_IN_PROGRESS": "A call to this number is already running.",
  "error.code.INVALID_CREDENTIALS": "Wrong username or password.",
  "error.code.RATE_LIMITED": "Too many attempts. Wait a minute and try again.",
  "error.code.UNAUTHORIZED": "Your session has ended. Sign in again to continue.",
  "error.code.FORBIDDEN": "Your account is not allowed to do this.",
  "error.code.CSRF_FAILED": "The page is out of date. Reload it and try again.",
  "error.code.NOT_FOUND": "Not found.",
  "error.code.TWILIO_ERROR": "Twilio could not start the call. Try again in a moment.",
  "error.code.TWILIO_AUTH_FAILED": "Twilio refused voicedash's credentials. Tell your administrator.",
  "error.code.SERVICE_UNAVAILABLE": "The service is busy or down. Try again in a moment.",
  "error.code.TIMEOUT": "The server took too long to answer. Try again.",
  "error.field.to": "This phone number is not valid: check its digits and its country code.",
  "error.field.from": "Check the start date: a valid date, not after the end date, within the longest range allowed.",
  "error.field.to_date": "The end date is not valid.",
  "error.field.tz": "This time zone is not known.",
  "error.field.q": "Enter a full phone number, or exactly its last 4 digits.",
} as const;

export type MessageId = keyof typeof en;
export type Locale = "en" | "tr";
export const LOCALES: readonly Locale[] = ["en", "tr"];

const tr: Record<MessageId, string> = {
  "app.name": "voicedash",
  "app.tagline": "Randevu onay aramaları",
  "app.loading": "Yükleniyor…",
  "nav.label": "Ana menü",
  "nav.dashboard": "Pano",
  "nav.calls": "Aramalar",
  "nav.summary": "Özet",
  "nav.notFound": "Böyle bir sayfa yok.",
  "nav.backHome": "Panoya dön",
  "nav.pageTitle": "{page} · voicedash",

  "language.label": "Dil",
  "language.en": "English",
  "language.tr": "Türkçe",

  "common.none": "—",
  "common.close": "Kapat",
  "common.retry": "Yeniden dene",
  "common.showTable": "Tablo olarak göster",

  "login.title": "voicedash'e giriş yapın",
  "login.username": "Kullanıcı adı",
  "login.password": "Parola",
  "login.submit": "Giriş yap",
  "login.checking": "Yükleniyor…",
  "login.error.empty": "Kullanıcı adınızı ve parolanızı girin.",
  "login.expired": "Oturumunuz sona erdi. Devam etmek için yeniden giriş yapın.",

  "user.signedInAs": "{name} olarak giriş yapıldı ({role})",
  "user.logout": "Çıkış yap",
  "role.viewer": "izleyici",
  "role.operator": "operatör",
  "role.admin": "yönetici",

  "connection.live": "Canlı",
  "connection.connecting": "Bağlanıyor…",
  "connection.reconnecting": "Yeniden bağlanıyor…",
  "connection.offline": "Çevrimdışı",
  "connection.hint.live": "Güncellemeler anında gelir.",
  "connection.hint.down": "Canlı güncellemeler duraklatıldı; bağlantı dönünce sayfa kaçırdıklarını alır.",

  "form.title": "Birini arayın",
  "form.phone.label": "Telefon numarası",
  "form.phone.placeholder": "+90 532 123 45 67",
  "form.submit": "Ara",
  "form.error.empty": "Aranacak bir telefon numarası girin.",

  "calls.title": "Son aramalar",
  "calls.count": "{shown} / {total}",
  "calls.loading": "Son aramalar yükleniyor…",
  "calls.empty": "Henüz arama yok — yukarıdan bir arama başlatın",
  "calls.error": "Son aramalar yüklenemedi: {message}",
  "calls.retry": "Yeniden dene",
  "calls.more": "Daha fazla göster",
  "calls.loadingMore": "Yükleniyor…",
  "calls.col.number": "Numara",
  "calls.col.status": "Arama durumu",
  "calls.col.outcome": "Yanıt",
  "calls.col.keys": "Tuşlar",
  "calls.col.time": "Başlangıç",
  "calls.statusPrefix": "Durum:",
  "calls.outcomePrefix": "Yanıt:",
  "calls.keysPrefix": "Basılan tuşlar:",
  "calls.noKeys": "—",
  "calls.unknownNumber": "Bilinmeyen numara",

  "history.title": "Aramalar",
  "history.filters": "Filtreler",
  "history.from": "Başlangıç tarihi",
  "history.to": "Bitiş tarihi",
  "history.status": "Arama durumu",
  "history.outcome": "Yanıt",
  "history.any": "Tümü",
  "history.selected": "{count} seçili",
  "history.search": "Numara",
  "history.searchHint": "Numaranın tamamı ya da son 4 hanesi",
  "history.searchSubmit": "Bul",
  "history.clear": "Filtreleri temizle",
  "history.export": "CSV olarak indir",
  "history.pageSize": "Sayfa başına satır",
  "history.range": "{first}–{last} / {total}",
  "history.totalAtLeast": "{count}+",
  "history.previous": "Önceki",
  "history.next": "Sonraki",
  "history.pagination": "Sayfalar",
  "history.loading": "Aramalar yükleniyor…",
  "history.empty": "Bu filtrelere uyan arama yok.",
  "history.emptyAll": "Henüz arama yok.",
  "history.error": "Aramalar yüklenemedi: {message}",
  "history.newCalls": "Yeni aramalar geldi.",
  "history.showNew": "Göster",
  "history.sortBy": "{column} sütununa göre sırala",
  "history.openHint": "Aramayı açmak için Enter'a basın",
  "history.zoneNote": "Saatler: {zone}",
  "history.today": "Bugün",

  "status.queued": "Sırada",
  "status.initiated": "Aranıyor",
  "status.ringing": "Çalıyor",
  "status.in-progress": "Görüşmede",
  "status.completed": "Tamamlandı",
  "answeredBy.human": "Bir kişi",
  "answeredBy.machine_start": "Telesekreter",
  "answeredBy.machine_end_beep": "Telesekreter (bip sesinden sonra)",
  "answeredBy.machine_end_silence": "Telesekreter (sessizlikten sonra)",
  "answeredBy.machine_end_other": "Telesekreter",
  "answeredBy.fax": "Faks",
  "answeredBy.unknown": "Bilinmiyor",
  "status.busy": "Meşgul",
  "status.no-answer": "Cevap yok",
  "status.canceled": "Durduruldu",
  "status.failed": "Başarısız",

  "outcome.pending": "Bekliyor",
  "outcome.confirmed": "Onaylandı",
  "outcome.cancelled": "İptal edildi",
  "outcome.voicemail": "Sesli mesaj",
  "outcome.no_answer": "Cevap yok",
  "outcome.busy": "Meşgul",
  "outcome.failed": "Başarısız",
  "outcome.machine": "Telesekreter",
  "outcome.no_input": "Tuşlama yok",
  "outcome.hung_up": "Kapattı",

  "event.initiated": "Arama başladı",
  "event.machine": "Telesekreter",
  "event.busy": "Meşgul",
  "event.no_answer": "Cevap yok",
  "event.call_failed": "Arama başarısız",
  "event.no_input": "Tuşa basılmadı",
  "event.dtmf": "Tuşa basıldı",
  "event.dtmf_action": "Yanıt kaydedildi",
  "event.voicemail_recorded": "Sesli mesaj kaydedildi",
  "event.completed": "Arama bitti",

  "detail.title": "{to} numarasına arama",
  "detail.close": "Kapat",
  "detail.loading": "Zaman çizelgesi yükleniyor…",
  "detail.error": "Zaman çizelgesi yüklenemedi: {message}",
  "detail.retry": "Yeniden dene",
  "detail.keys": "Basılan tuşlar",
  "detail.answeredBy": "Yanıtlayan",
  "detail.duration": "Süre",
  "detail.durationValue": "{seconds} sn",
  "detail.from": "Arayan numara",
  "detail.started": "Başlangıç",
  "detail.answered": "Yanıtlandı",
  "detail.ended": "Bitiş",
  "detail.updated": "Son güncelleme",
  "detail.executionSid": "Yürütme SID'si",
  "detail.recording": "Sesli mesaj kaydı",
  "detail.timeline": "Zaman çizelgesi",
  "detail.noEvents": "Bu arama için henüz olay gelmedi.",
  "detail.raw": "Ham içerik ({contentType})",
  "detail.callAgain": "Yeniden ara",
  "detail.callingAgain": "Aranıyor…",
  "detail.calledAgain": "Bu numaraya yeni bir arama başladı.",

  "kind.status": "Durum",
  "kind.dtmf": "Tuşlama",
  "kind.flow": "Akış",

  "feed.title": "Canlı olaylar",
  "feed.empty": "Aramalar ilerledikçe olaylar burada görünür.",
  "feed.pressed": "{digits} tuşuna bastı",

  "toast.region": "Bildirimler",
  "toast.dismiss": "Bildirimi kapat",
  "toast.confirmed": "Onaylandı — {digits} tuşuna bastı",
  "toast.cancelled": "İptal edildi — {digits} tuşuna bastı",
  "toast.voicemail": "Sesli mesaj — {digits} tuşuna bastı",
  "toast.confirmed.noDigits": "Onaylandı",
  "toast.cancelled.noDigits": "İptal edildi",
  "toast.voicemail.noDigits": "Sesli mesaj",

  "summary.title": "Özet",
  "summary.range": "Dönem",
  "summary.reversed": "Başlangıç tarihi bitiş tarihinden sonra olamaz.",
  "summary.preset.7": "Son 7 gün",
  "summary.preset.30": "Son 30 gün",
  "summary.preset.90": "Son 90 gün",
  "summary.preset.month": "Bu ay",
  "summary.zone": "Saat dilimi",
  "summary.zoneServer": "{zone} (klinik)",
  "summary.apply": "Göster",
  "summary.loading": "Özet yükleniyor…",
  "summary.error": "Özet yüklenemedi: {message}",
  "summary.totals": "Toplamlar",
  "summary.calls": "Arama",
  "summary.answered": "Yanıtlanan",
  "summary.notReached": "Ulaşılamayan",
  "summary.inProgress": "Süren",
  "summary.answerRate": "Yanıtlanma oranı",
  "summary.daily": "Yanıta göre günlük aramalar",
  "summary.dailyLabel": "Yığılmış çubuklar: {from} ile {to} arasında günlük aramalar, yanıta göre bölünmüş. Toplam {calls} arama.",
  "summary.day": "Gün",
  "summary.noCalls": "Bu dönemde arama yok.",
  "summary.hourly": "Günün saatine göre yanıtlanma oranı",
  "summary.hourlyLabel": "Çubuklar: {from} ile {to} arasında, günün her saati için yanıtlanan aramaların oranı.",
  "summary.hour": "Saat",
  "summary.heatmap": "Ay içinde günlük aramalar",
  "summary.heatmapLabel": "{month} takvimi: koyu günlerde daha çok arama var; en yoğun günde {max} arama.",
  "summary.month": "Ay",
  "summary.dayCalls": "{day}: {count} arama",
  "summary.legendFewer": "Az",
  "summary.legendMore": "Çok",
  "summary.prevMonth": "Önceki ay",
  "summary.nextMonth": "Sonraki ay",
  "summary.hourBar": "{hour}: {rate} yanıtlandı ({calls} aramadan {answered})",

  "error.network": "voicedash sunucusuna ulaşılamıyor. Bağlantıyı kontrol edip yeniden deneyin.",
  "error.http": "Sunucu bir hata döndürdü (HTTP {status}).",
  "error.badResponse": "Sunucu bu sayfanın anlamadığı bir yanıt gönderdi.",
  "error.code.VALIDATION_ERROR": "Gönderilen bilgilerin bir kısmı geçerli değil ({field}).",
  "error.code.INVALID_NUMBER": "Bu telefon numarası aranamıyor.",
  "error.code.CALL_IN_PROGRESS": "Bu numaraya şu anda zaten bir arama yapılıyor.",
  "error.code.INVALID_CREDENTIALS": "Kullanıcı adı ya da parola yanlış.",
  "error.code.RATE_LIMITED": "Çok fazla deneme yapıldı. Bir dakika bekleyip yeniden deneyin.",
  "error.code.UNAUTHORIZED": "Oturumunuz sona erdi. Devam etmek için yeniden giriş yapın.",
  "error.code.FORBIDDEN": "Hesabınızın bunu yapma yetkisi yok.",
  "error.code.CSRF_FAILED": "Sayfa güncel değil. Sayfayı yenileyip yeniden deneyin.",
  "error.code.NOT_FOUND": "Bulunamadı.",
  "error.code.TWILIO_ERROR": "Twilio aramayı başlatamadı. Biraz sonra yeniden deneyin.",
  "error.code.TWILIO_AUTH_FAILED": "Twilio, voicedash'in kimlik bilgilerini reddetti. Yöneticinize haber verin.",
  "error.code.SERVICE_UNAVAILABLE": "Hizmet meşgul ya da kapalı. Biraz sonra yeniden deneyin.",
  "error.code.TIMEOUT": "Sunucu çok geç yanıt verdi. Yeniden deneyin.",
  "error.field.to": "Bu telefon numarası geçerli değil: hanelerini ve ülke kodunu kontrol edin.",
  "error.field.from": "Başlangıç tarihini kontrol edin: geçerli bir tarih olmalı, bitiş tarihinden sonra olmamalı ve aralık izin verilen en uzun süreyi aşmamalı.",
  "error.field.to_date": "Bitiş tarihi geçerli değil.",
  "error.field.tz": "Bu saat dilimi bilinmiyor.",
  "error.field.q": "Telefon numarasının tamamını ya da yalnızca son 4 hanesini girin.",
};

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
