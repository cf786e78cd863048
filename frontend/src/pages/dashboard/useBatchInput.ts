// What the person has given as a list (pasted text or a file), read into rows, and the server's dry run on it.
import { useCallback, useEffect, useMemo, useState } from "react";
import { errorMessage } from "../../api";
import { checkBulk, type AcceptedRow, type BulkVerdict, type RejectedRow } from "./api";
import { readFileText } from "./csv";
import {
  detectHeader,
  guessPhoneColumn,
  listRows,
  tableFromCsv,
  tableFromPaste,
  type ListRow,
  type ListTable,
} from "./numbers";
import { t } from "./t";

/** A list of a few thousand people is well under a megabyte; anything this big is not one. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** Typing pauses this long before the list is sent for checking. */
const CHECK_DELAY_MS = 400;

export interface ListFile {
  name: string;
  text: string;
}

export type CheckState =
  | { status: "idle" }
  | { status: "checking" }
  | { status: "too-many"; count: number; max: number }
  | { status: "error"; message: string }
  | { status: "ready"; verdict: BulkVerdict };

export type RowVerdict = { kind: "accepted"; entry: AcceptedRow } | { kind: "rejected"; entry: RejectedRow };

export interface BatchInput {
  paste: string;
  setPaste: (text: string) => void;
  file: ListFile | null;
  fileError: string | null;
  openFile: (file: File) => void;
  removeFile: () => void;
  table: ListTable;
  hasHeader: boolean;
  setHasHeader: (value: boolean) => void;
  column: number;
  setColumn: (column: number) => void;
  rows: ListRow[];
  numbers: string[];
  check: CheckState;
  /** The server's verdict on each row, by row number (only when `check` is ready). */
  verdicts: ReadonlyMap<number, RowVerdict>;
  recheck: () => void;
  clear: () => void;
}

export function useBatchInput(maxNumbers: number): BatchInput {
  const [paste, setPasteText] = useState("");
  const [file, setFile] = useState<ListFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [headerChoice, setHeaderChoice] = useState<boolean | null>(null);
  const [columnChoice, setColumnChoice] = useState<number | null>(null);

  const table = useMemo(() => (file ? tableFromCsv(file.text) : tableFromPaste(paste)), [file, paste]);
  const hasHeader = headerChoice ?? detectHeader(table);
  const guessed = useMemo(() => guessPhoneColumn(table, hasHeader), [table, hasHeader]);
  const column = columnChoice !== null && columnChoice < table.columns ? columnChoice : guessed;
  const rows = useMemo(() => listRows(table, hasHeader, column), [table, hasHeader, column]);
  const numbers = useMemo(() => rows.map((row) => row.input), [rows]);
  const check = useDryRun(numbers, maxNumbers);

  const verdicts = useMemo(() => {
    const byRow = new Map<number, RowVerdict>();
    if (check.state.status !== "ready") return byRow;
    for (const entry of check.state.verdict.accepted) byRow.set(entry.row, { kind: "accepted", entry });
    for (const entry of check.state.verdict.rejected) byRow.set(entry.row, { kind: "rejected", entry });
    return byRow;
  }, [check.state]);

  const resetChoices = () => {
    setHeaderChoice(null);
    setColumnChoice(null);
  };

  const openFile = useCallback((chosen: File) => {
    setFileError(null);
    if (chosen.size > MAX_FILE_BYTES) {
      const megabytes = (bytes: number) => Math.ceil(bytes / (1024 * 1024));
      const sizes = { size: megabytes(chosen.size), max: megabytes(MAX_FILE_BYTES) };
      setFileError(t("dashboard.batch.file.tooBig", { name: chosen.name, ...sizes }));
      return;
    }
    readFileText(chosen)
      .then((text) => {
        setFile({ name: chosen.name, text });
        setHeaderChoice(null);
        setColumnChoice(null);
      })
      .catch((error: unknown) =>
        setFileError(t("dashboard.batch.file.error", { name: chosen.name, message: errorMessage(error) })),
      );
  }, []);

  return {
    paste,
    setPaste: setPasteText,
    file,
    fileError,
    openFile,
    removeFile: () => {
      setFile(null);
      resetChoices();
    },
    table,
    hasHeader,
    setHasHeader: setHeaderChoice,
    column,
    setColumn: setColumnChoice,
    rows,
    numbers,
    check: check.state,
    verdicts,
    recheck: check.retry,
    clear: () => {
      setFile(null);
      setFileError(null);
      setPasteText("");
      resetChoices();
    },
  };
}

/** The server's dry run of `numbers`, re-asked (after a pause) whenever they change. */
function useDryRun(numbers: string[], maxNumbers: number) {
  const [state, setState] = useState<CheckState>({ status: "idle" });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (numbers.length === 0) {
      setState({ status: "idle" });
      return;
    }
    if (numbers.length > maxNumbers) {
      setState({ status: "too-many", count: numbers.length, max: maxNumbers });
      return;
    }
    setState({ status: "checking" });
    const controller = new AbortController();
    const timer = setTimeout(() => {
      checkBulk(numbers, controller.signal)
        .then((verdict) => setState({ status: "ready", verdict }))
        .catch((error: unknown) => {
          if (!controller.signal.aborted) setState({ status: "error", message: errorMessage(error) });
        });
    }, CHECK_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [numbers, maxNumbers, attempt]);

  return { state, retry: () => setAttempt((count) => count + 1) };
}
