import { t } from "./i18n";

// Readable phone numbers for display: "+14155550101" → "+1 415 555 0101". Input is the E.164 the
// server stores; anything else is shown exactly as given. Deliberately small: the server validates.

/** Two-digit country calling codes; 1 and 7 are one digit, every other code has three (ITU E.164). */
const TWO_DIGIT_CODES = new Set([
  "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48",
  "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81",
  "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
]);

/** Digit groups of the national number where the usual written form is well known. */
function knownGroups(code: string, national: string): number[] | null {
  switch (code) {
    case "1":
      return [3, 3, 4]; // +1 415 555 0101
    case "90":
      return [3, 3, 2, 2]; // +90 532 123 45 67
    case "33":
      return [1, 2, 2, 2, 2]; // +33 6 12 34 56 78
    case "44":
      if (national.startsWith("7")) return [4, 6]; // +44 7911 123456
      if (national.startsWith("20")) return [2, 4, 4]; // +44 20 7946 0958
      return null;
    default:
      return null;
  }
}

/** Threes from the left; a lone trailing digit joins the group before it. */
function genericGroups(length: number): number[] {
  const groups: number[] = [];
  for (let left = length; left > 0; left -= 3) groups.push(Math.min(3, left));
  if (groups.length > 1 && groups[groups.length - 1] === 1) {
    groups.pop();
    groups[groups.length - 1] = 4;
  }
  return groups;
}

function split(digits: string, groups: number[]): string {
  const parts: string[] = [];
  let start = 0;
  for (const size of groups) {
    parts.push(digits.slice(start, start + size));
    start += size;
  }
  return parts.join(" ");
}

export function countryCodeOf(digits: string): string {
  if (digits.startsWith("1") || digits.startsWith("7")) return digits.slice(0, 1);
  const two = digits.slice(0, 2);
  return TWO_DIGIT_CODES.has(two) ? two : digits.slice(0, 3);
}

/** For the page: formatted, or "Unknown number" when the server has none. */
export function displayNumber(value: string | null): string {
  return value ? formatPhone(value) : t("calls.unknownNumber");
}

/** "+14155550101" → "+1 415 555 0101"; non-E.164 input is returned unchanged. */
export function formatPhone(value: string): string {
  if (!/^\+[1-9]\d{6,14}$/.test(value)) return value;
  const digits = value.slice(1);
  const code = countryCodeOf(digits);
  const national = digits.slice(code.length);
  const known = knownGroups(code, national);
  const groups =
    known && known.reduce((sum, size) => sum + size, 0) === national.length ? known : genericGroups(national.length);
  return `+${code} ${split(national, groups)}`;
}
