// Every user-visible string. Add a locale by adding a table with the same keys (TypeScript enforces it).

const en = {
  "app.name": "voicedash",
  "app.tagline": "Appointment confirmation calls",
  "nav.label": "Main",
  "nav.calls": "Calls",

  "login.title": "Sign in to voicedash",
  "login.username": "Username",
  "login.password": "Password",
  "login.submit": "Sign in",
  "login.checking": "Loading…",
  "login.error.empty": "Enter your username and password.",
  "login.expired": "Your session has ended. Sign in again to continue.",

  "user.signedInAs": "Signed in as {name} ({role})",
  "user.logout": "Sign out",

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

  "status.queued": "Queued",
  "status.initiated": "Dialing",
  "status.ringing": "Ringing",
  "status.in-progress": "In progress",
  "status.completed": "Completed",
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
  "detail.updated": "Last update",
  "detail.executionSid": "Execution SID",
  "detail.recording": "Voicemail recording",
  "detail.timeline": "Timeline",
  "detail.noEvents": "No events received for this call yet.",
  "detail.raw": "Raw payload ({contentType})",

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

  "error.network": "Can't reach the voicedash server. Check the connection and try again.",
  "error.http": "The server answered with an error (HTTP {status}).",
  "error.badResponse": "The server sent a response this page doesn't understand.",
} as const;

export type MessageId = keyof typeof en;
export type Locale = "en";

const tables: Record<Locale, Record<MessageId, string>> = { en };

let currentLocale: Locale = "en";

export function setLocale(locale: Locale): void {
  currentLocale = locale;
  document.documentElement.lang = locale;
}

export function getLocale(): Locale {
  return currentLocale;
}

/** Translate a message id, replacing `{name}` placeholders with params. */
export function t(key: MessageId, params?: Record<string, string | number>): string {
  const template = tables[currentLocale][key] ?? tables.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** True when `key` is a known message id (for labels built from server values). */
export function hasMessage(key: string): key is MessageId {
  return key in tables[currentLocale];
}
