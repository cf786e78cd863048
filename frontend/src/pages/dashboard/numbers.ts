// From what was pasted or dropped to the list of numbers sent to the server: which rows, which column.
import { detectDelimiter, parseDelimited, type Delimiter } from "./csv";

export interface ListTable {
  /** Every non-blank line, split into cells; the header (if any) is still the first row here. */
  cells: string[][];
  /** Widest row: how many columns there are to choose from. */
  columns: number;
  delimiter: Delimiter | null;
}

/** Column headings that name a phone number: strong ones first, generic "number" last. */
const STRONG_HEADINGS = ["phone", "telefon", "tel", "mobile", "mobil", "gsm", "cep", "cell", "msisdn"];
const WEAK_HEADINGS = ["number", "numara", "no", "nr", "to"];
const LIST_SEPARATORS = /[,;\n\r]+/;

/** A pasted list of numbers (one per line, or comma/semicolon separated); pasted spreadsheet cells have tabs. */
export function tableFromPaste(text: string): ListTable {
  if (text.includes("\t")) return tableFromCsv(text, "\t");
  const cells = text
    .split(LIST_SEPARATORS)
    .map((value) => value.trim())
    .filter((value) => value !== "")
    .map((value) => [value]);
  return { cells, columns: cells.length > 0 ? 1 : 0, delimiter: null };
}

export function tableFromCsv(text: string, delimiter: Delimiter = detectDelimiter(text)): ListTable {
  const cells = parseDelimited(text, delimiter).map((row) => row.map((value) => value.trim()));
  return { cells, columns: Math.max(0, ...cells.map((row) => row.length)), delimiter };
}

/** Lower-case words of a heading, Turkish letters folded ("Cep Telefonu" → ["cep", "telefonu"]). */
function headingWords(value: string): string[] {
  return value
    .toLocaleLowerCase("tr")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ı/g, "i")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** 2 for "Phone", "Telefon", "GSM"…; 1 for "Number", "No"; 0 otherwise. */
export function headingScore(value: string): number {
  const words = headingWords(value);
  const strong = (word: string) =>
    STRONG_HEADINGS.some((heading) => word === heading || (heading.length > 3 && word.startsWith(heading)));
  if (words.some(strong)) return 2;
  if (words.some((word) => WEAK_HEADINGS.includes(word))) return 1;
  return 0;
}

/** Looks like a phone number as people write them: 7 to 15 digits, with spaces, dashes, dots, brackets, a +. */
export function looksLikePhone(value: string): boolean {
  if (!/^\+?[\d\s().\-/]+$/.test(value)) return false;
  const digits = value.replace(/\D/g, "").length;
  return digits >= 7 && digits <= 15;
}

function phoneShare(rows: string[][], column: number): number {
  const filled = rows.filter((row) => (row[column] ?? "") !== "");
  if (filled.length === 0) return 0;
  return filled.filter((row) => looksLikePhone(row[column] ?? "")).length / filled.length;
}

/** A first row with no number in it and a phone-like heading (or numbers below it) is a header. */
export function detectHeader(table: ListTable): boolean {
  const [first, ...rest] = table.cells;
  if (!first || first.some(looksLikePhone)) return false;
  if (first.some((cell) => headingScore(cell) > 0)) return true;
  if (rest.length === 0) return false;
  return first.some((_, column) => phoneShare(rest, column) >= 0.5);
}

/** The column holding the phone number: by its heading, else the one with the most phone-like cells. */
export function guessPhoneColumn(table: ListTable, hasHeader: boolean): number {
  const header = hasHeader ? (table.cells[0] ?? []) : [];
  const rows = hasHeader ? table.cells.slice(1) : table.cells;
  let best = 0;
  let bestScore = -1;
  for (let column = 0; column < table.columns; column += 1) {
    const score = headingScore(header[column] ?? "") * 10 + phoneShare(rows, column);
    if (score > bestScore) {
      best = column;
      bestScore = score;
    }
  }
  return best;
}

export interface ListRow {
  /** Counted from 1 over the data rows, as the server counts the `numbers` it is sent. */
  row: number;
  input: string;
  /** The other cells of the row (a name, a date), to recognise the person by. */
  context: string;
}

/** One entry per data row, in file order; a row whose number cell is empty stays (it is reported). */
export function listRows(table: ListTable, hasHeader: boolean, column: number): ListRow[] {
  const rows = hasHeader ? table.cells.slice(1) : table.cells;
  return rows.map((cells, index) => ({
    row: index + 1,
    input: cells[column] ?? "",
    context: cells
      .filter((value, position) => position !== column && value !== "")
      .join(" · "),
  }));
}
