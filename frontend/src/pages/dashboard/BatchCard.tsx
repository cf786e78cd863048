import { useEffect, useRef, useState, type DragEvent } from "react";
import { errorMessage } from "../../api";
import { startBulk, type BulkVerdict } from "./api";
import { BatchPreview, BatchSummary } from "./BatchPreview";
import { t } from "./t";
import { useBatchInput, type BatchInput } from "./useBatchInput";

interface BatchCardProps {
  maxNumbers: number;
  onStarted: (verdict: BulkVerdict) => void;
}

/** Paste numbers or drop a CSV, see the server's verdict on every row, then start the calls. */
export function BatchCard({ maxNumbers, onStarted }: BatchCardProps) {
  const input = useBatchInput(maxNumbers);
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const inFlight = useRef(false);
  const { check } = input;
  const verdict = check.status === "ready" ? check.verdict : null;

  async function start() {
    if (inFlight.current || !verdict || verdict.accepted.length === 0) return;
    inFlight.current = true;
    setStarting(true);
    setStartError(null);
    try {
      const started = await startBulk(input.numbers);
      input.clear();
      onStarted(started);
    } catch (error) {
      setStartError(errorMessage(error));
    } finally {
      inFlight.current = false;
      setStarting(false);
    }
  }

  return (
    <section className="card batch" aria-labelledby="batch-title" data-testid="batch-card">
      <h2 id="batch-title" className="card__title">
        {t("dashboard.batch.title")}
      </h2>
      {input.file ? <FileHead input={input} /> : <ListSource input={input} />}
      {(input.file || input.table.columns > 1) && input.table.columns > 0 && <ColumnChoices input={input} />}

      <div
        className="batch__check"
        role="status"
        aria-live="polite"
        data-testid="batch-summary"
        data-state={check.status}
      >
        {check.status === "idle" && !input.file && <span className="muted">{t("dashboard.batch.empty")}</span>}
        {check.status === "checking" && (
          <span className="batch__checking">
            <span className="spinner spinner--dark" aria-hidden="true" />
            {t("dashboard.batch.checking", { count: input.numbers.length })}
          </span>
        )}
        {check.status === "too-many" && (
          <span className="field__error">{t("dashboard.batch.tooMany", { count: check.count, max: check.max })}</span>
        )}
        {verdict && <BatchSummary accepted={verdict.accepted.length} rejected={verdict.rejected} />}
      </div>
      {check.status === "error" && (
        <div className="notice notice--error" role="alert" data-testid="batch-check-error">
          <span>{t("dashboard.batch.checkError", { message: check.message })}</span>
          <button type="button" className="button button--small" onClick={input.recheck}>
            {t("dashboard.batch.retry")}
          </button>
        </div>
      )}

      {input.rows.length > 0 && (
        <BatchPreview
          rows={input.rows}
          verdicts={input.verdicts}
          checking={check.status === "checking"}
          showContext={input.table.columns > 1}
          rejectedCount={verdict?.rejected.length ?? 0}
        />
      )}

      {startError && (
        <p className="field__error" role="alert" data-testid="batch-start-error">
          {t("dashboard.batch.startError", { message: startError })}
        </p>
      )}
      {(input.rows.length > 0 || input.file) && (
        <div className="batch__actions">
          <button
            type="button"
            className="button button--primary"
            disabled={starting || !verdict || verdict.accepted.length === 0}
            aria-busy={starting || undefined}
            onClick={() => void start()}
            data-testid="batch-start"
          >
            {starting && <span className="spinner" aria-hidden="true" />}
            {!verdict
              ? t("dashboard.batch.start.unchecked")
              : verdict.accepted.length === 1
                ? t("dashboard.batch.start.one")
                : t("dashboard.batch.start", { count: verdict.accepted.length })}
          </button>
          <button type="button" className="button button--secondary" onClick={input.clear} disabled={starting}>
            {t("dashboard.batch.clear")}
          </button>
        </div>
      )}
    </section>
  );
}

function carriesFiles(event: { dataTransfer: DataTransfer | null }): boolean {
  return event.dataTransfer?.types.includes("Files") ?? false;
}

/** A file dropped just beside the drop zone must not replace the page with the file. */
function useNoStrayDrops(): void {
  useEffect(() => {
    const swallow = (event: globalThis.DragEvent) => {
      if (carriesFiles(event)) event.preventDefault();
    };
    window.addEventListener("dragover", swallow);
    window.addEventListener("drop", swallow);
    return () => {
      window.removeEventListener("dragover", swallow);
      window.removeEventListener("drop", swallow);
    };
  }, []);
}

/** The textarea and, beside it, the place to drop or choose a file (a file dropped on either is read). */
function ListSource({ input }: { input: BatchInput }) {
  const [dragging, setDragging] = useState(false);
  useNoStrayDrops();
  const over = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    setDragging(true);
  };
  const left = (event: DragEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
  };
  const dropped = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) input.openFile(file);
  };

  return (
    <div className="batch__source" onDragEnter={over} onDragOver={over} onDragLeave={left} onDrop={dropped}>
      <div className="batch__paste">
        <label className="field__label" htmlFor="batch-numbers">
          {t("dashboard.batch.paste.label")}
        </label>
        <textarea
          id="batch-numbers"
          className="input batch__textarea"
          rows={6}
          spellCheck={false}
          autoComplete="off"
          placeholder={t("dashboard.batch.paste.placeholder")}
          value={input.paste}
          onChange={(change) => input.setPaste(change.target.value)}
          aria-describedby="batch-numbers-hint"
        />
        <p id="batch-numbers-hint" className="field__hint muted">
          {t("dashboard.batch.paste.hint")}
        </p>
      </div>
      <div
        className={`dropzone${dragging ? " dropzone--active" : ""}`}
        data-testid="dropzone"
      >
        <p className="dropzone__title">{t("dashboard.batch.drop.title")}</p>
        <p className="muted">{t("dashboard.batch.drop.or")}</p>
        <input
          id="batch-file"
          className="visually-hidden file-input"
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/plain,text/tab-separated-values"
          onChange={(change) => {
            const file = change.target.files?.[0];
            if (file) input.openFile(file);
            change.target.value = "";
          }}
        />
        <label htmlFor="batch-file" className="button button--secondary">
          {t("dashboard.batch.drop.choose")}
        </label>
        <p className="dropzone__hint muted">{t("dashboard.batch.drop.hint")}</p>
        {input.fileError && (
          <p className="field__error" role="alert">
            {input.fileError}
          </p>
        )}
      </div>
    </div>
  );
}

/** A file is loaded: its name, and a way back to pasting. */
function FileHead({ input }: { input: BatchInput }) {
  const file = input.file!;
  return (
    <div className="batch__file">
      <div className="batch__file-head">
        <span className="batch__file-name" data-testid="batch-file-name">
          {t("dashboard.batch.file.loaded", { name: file.name, rows: input.rows.length })}
        </span>
        <button type="button" className="button button--secondary button--small" onClick={input.removeFile}>
          {t("dashboard.batch.file.remove")}
        </button>
      </div>
      {input.table.cells.length === 0 && (
        <p className="field__error" role="alert">
          {t("dashboard.batch.file.empty", { name: file.name })}
        </p>
      )}
    </div>
  );
}

/** Which column holds the number (preselected from the headings or the values), and the header row. */
function ColumnChoices({ input }: { input: BatchInput }) {
  const header = input.hasHeader ? (input.table.cells[0] ?? []) : [];
  const sampleRow = input.table.cells[input.hasHeader ? 1 : 0] ?? [];
  const columnName = (column: number) => {
    const name = header[column] || t("dashboard.batch.column.name", { number: column + 1 });
    const sample = sampleRow[column];
    return sample ? t("dashboard.batch.column.sample", { name, sample }) : name;
  };

  return (
    <div className="batch__choices">
      <div className="batch__column">
        <label className="field__label" htmlFor="batch-column">
          {t("dashboard.batch.column.label")}
        </label>
        <select
          id="batch-column"
          className="input"
          value={input.column}
          onChange={(change) => input.setColumn(Number(change.target.value))}
        >
          {Array.from({ length: input.table.columns }, (_, column) => (
            <option key={column} value={column}>
              {columnName(column)}
            </option>
          ))}
        </select>
      </div>
      <label className="batch__header-choice">
        <input
          type="checkbox"
          checked={input.hasHeader}
          onChange={(change) => input.setHasHeader(change.target.checked)}
        />
        {t("dashboard.batch.header.label")}
      </label>
    </div>
  );
}
