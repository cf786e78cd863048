// Reading a list of people to call: CSV files as booking systems and spreadsheets write them, or pasted text.
// Deliberately forgiving: quoted fields, `,` `;` or tab auto-detected, UTF-8 with or without a BOM (or the
// Windows Turkish code page Excel often uses), CRLF/LF/CR line ends, blank lines ignored.

export type Delimiter = "," | ";" | "\t";

const DELIMITERS: Delimiter[] = [",", ";", "\t"];
/** Lines looked at to guess the delimiter. */
const SAMPLE_LINES = 50;

/** Split CSV text into rows of cells (RFC 4180 quoting; a quote inside a quoted cell is doubled). */
export function parseDelimited(text: string, delimiter: Delimiter): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  let index = 0;
  const endCell = () => {
    row.push(cell);
    cell = "";
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  while (index < text.length) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else cell += char;
      index += 1;
      continue;
    }
    if (char === '"' && cell.trim() === "") {
      // A quote opens a quoted cell only at its start (spaces before it are dropped); elsewhere it is text.
      cell = "";
      quoted = true;
    } else if (char === delimiter) {
      endCell();
    } else if (char === "\r" || char === "\n") {
      endRow();
      if (char === "\r" && text[index + 1] === "\n") index += 1;
    } else {
      cell += char;
    }
    index += 1;
  }
  if (cell !== "" || row.length > 0) endRow();
  return rows.filter((cells) => cells.some((value) => value.trim() !== ""));
}

/** How many delimiters each of the first lines has, outside quotes. */
function delimiterCounts(text: string, delimiter: Delimiter): number[] {
  const counts: number[] = [];
  let count = 0;
  let quoted = false;
  let lineHasText = false;
  for (let index = 0; index < text.length && counts.length < SAMPLE_LINES; index += 1) {
    const char = text[index];
    if (char === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (char === delimiter) count += 1;
    else if (char === "\n" || char === "\r") {
      if (lineHasText) counts.push(count);
      count = 0;
      lineHasText = false;
      continue;
    }
    lineHasText = true;
  }
  if (lineHasText && counts.length < SAMPLE_LINES) counts.push(count);
  return counts;
}

/**
 * The delimiter that splits the most lines the same way: lines with the same number of cells is what a
 * table looks like. A list of numbers with a single column has none, and is read with the comma.
 */
export function detectDelimiter(text: string): Delimiter {
  let best: Delimiter = ",";
  let bestScore = 0;
  for (const delimiter of DELIMITERS) {
    const counts = delimiterCounts(text, delimiter);
    if (counts.length === 0) continue;
    const frequency = new Map<number, number>();
    for (const count of counts) frequency.set(count, (frequency.get(count) ?? 0) + 1);
    let score = 0;
    for (const [count, lines] of frequency) if (count > 0) score = Math.max(score, lines * (1 + Math.log(count + 1)));
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** Text of a dropped or chosen file: UTF-16 when it starts with that BOM (Excel's "Unicode text"),
 * else UTF-8 (BOM removed), or windows-1254 when it is not valid UTF-8. */
export async function readFileText(file: Blob): Promise<string> {
  const bytes = await file.arrayBuffer();
  const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
  if (head.length === 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    return stripBom(new TextDecoder(head[0] === 0xff ? "utf-16le" : "utf-16be").decode(bytes));
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Excel's "CSV" on a Turkish Windows writes the ANSI code page, not UTF-8.
    text = new TextDecoder("windows-1254").decode(bytes);
  }
  return stripBom(text);
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
