// Date range, status and answer multi-selects, number search, export: every change goes to the URL.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { exportUrl } from "../../api";
import { DateRangeFields } from "../../components/DateRangeFields";
import { outcomeLabel, statusLabel, today } from "../../format";
import { t } from "../../i18n";
import { CALL_OUTCOMES, CALL_STATUSES, type HistoryQuery } from "../../types";
import { hasFilters } from "./query";

interface CallsFiltersProps {
  query: HistoryQuery;
  onChange: (patch: Partial<HistoryQuery>) => void;
}

export function CallsFilters({ query, onChange }: CallsFiltersProps) {
  // The search box is applied on Enter or "Search", not on every keystroke.
  const [search, setSearch] = useState(query.q);
  useEffect(() => setSearch(query.q), [query.q]);

  const submitSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onChange({ q: search.trim() });
  };

  return (
    <section className="card filters" aria-label={t("history.filters")} data-testid="calls-filters">
      <div className="filters__row">
        <DateRangeFields
          from={query.from}
          to={query.to}
          onFrom={(from) => onChange({ from })}
          onTo={(to) => onChange({ to })}
        />
        <MultiSelect
          name="status"
          label={t("history.status")}
          options={CALL_STATUSES}
          selected={query.status}
          labelOf={statusLabel}
          onChange={(status) => onChange({ status })}
        />
        <MultiSelect
          name="outcome"
          label={t("history.outcome")}
          options={CALL_OUTCOMES}
          selected={query.outcome}
          labelOf={outcomeLabel}
          onChange={(outcome) => onChange({ outcome })}
        />
        <form className="filters__search" role="search" onSubmit={submitSearch}>
          <label className="filters__field">
            <span className="field__label">{t("history.search")}</span>
            <input
              className="input"
              type="search"
              name="q"
              inputMode="tel"
              autoComplete="off"
              spellCheck={false}
              placeholder={t("history.searchHint")}
              value={search}
              onChange={(change) => setSearch(change.target.value)}
            />
          </label>
          <button type="submit" className="button button--secondary">
            {t("history.searchSubmit")}
          </button>
        </form>
      </div>
      <div className="filters__actions">
        <button
          type="button"
          className="button button--small button--secondary"
          aria-pressed={query.from === today() && query.to === today()}
          onClick={() => onChange({ from: today(), to: today() })}
        >
          {t("history.today")}
        </button>
        {hasFilters(query) && (
          <button
            type="button"
            className="button button--small button--secondary"
            onClick={() => onChange({ from: "", to: "", status: [], outcome: [], q: "" })}
          >
            {t("history.clear")}
          </button>
        )}
        <a className="button button--small button--secondary" href={exportUrl(query)} download data-testid="export-csv">
          {t("history.export")}
        </a>
      </div>
    </section>
  );
}

interface MultiSelectProps<T extends string> {
  name: string;
  label: string;
  options: readonly T[];
  selected: T[];
  labelOf: (value: T) => string;
  onChange: (selected: T[]) => void;
}

/** A drop-down list of checkboxes; the summary says what is chosen. */
function MultiSelect<T extends string>({ name, label, options, selected, labelOf, onChange }: MultiSelectProps<T>) {
  const summary =
    selected.length === 0
      ? t("history.any")
      : selected.length === 1 && selected[0] !== undefined
        ? labelOf(selected[0])
        : t("history.selected", { count: selected.length });
  const toggle = (value: T, on: boolean) =>
    onChange(options.filter((option) => (option === value ? on : selected.includes(option))));
  const detailsRef = useRef<HTMLDetailsElement>(null);

  // A click anywhere else closes the list, as a native drop-down would.
  useEffect(() => {
    const closeOutside = (event: PointerEvent) => {
      const details = detailsRef.current;
      if (details?.open && event.target instanceof Node && !details.contains(event.target)) details.open = false;
    };
    document.addEventListener("pointerdown", closeOutside);
    return () => document.removeEventListener("pointerdown", closeOutside);
  }, []);

  return (
    <details
      ref={detailsRef}
      className="multi filters__field"
      data-testid={`filter-${name}`}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.currentTarget.open = false;
          event.currentTarget.querySelector("summary")?.focus();
        }
      }}
    >
      <summary className="multi__summary">
        <span className="field__label">{label}</span>
        <span className="input multi__value">{summary}</span>
      </summary>
      <fieldset className="multi__options">
        <legend className="visually-hidden">{label}</legend>
        {options.map((option) => (
          <label key={option} className="multi__option">
            <input
              type="checkbox"
              name={name}
              value={option}
              checked={selected.includes(option)}
              onChange={(change) => toggle(option, change.target.checked)}
            />
            {labelOf(option)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
