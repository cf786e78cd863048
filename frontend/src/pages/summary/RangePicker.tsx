// Presets (last 7 / 30 / 90 days, this month), a custom range, and the zone the days are counted in.
import { useMemo, useState } from "react";
import { DateRangeFields } from "../../components/DateRangeFields";
import { browserZone, today } from "../../format";
import { t, type MessageId } from "../../i18n";
import { PRESETS, presetRange, type Preset } from "./dates";

export interface SummaryRange {
  from: string;
  to: string;
  tz: string;
}

const PRESET_LABELS: Record<Preset, MessageId> = {
  "7": "summary.preset.7",
  "30": "summary.preset.30",
  "90": "summary.preset.90",
  month: "summary.preset.month",
};

/** The clinic's zone first, then this browser's and UTC, then every zone the browser knows. */
function zoneOptions(orgZone: string): string[] {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set([orgZone, browserZone(), "UTC", ...all])];
}

interface RangePickerProps {
  range: SummaryRange;
  orgZone: string;
  onChange: (range: Partial<SummaryRange>) => void;
}

export function RangePicker({ range, orgZone, onChange }: RangePickerProps) {
  const zones = useMemo(() => zoneOptions(orgZone), [orgZone]);
  const now = today(range.tz);
  const [reversed, setReversed] = useState(false);
  const setDay = (field: "from" | "to", value: string) => {
    const next = { ...range, [field]: value };
    // A half-typed range waits until it is whole; a reversed one is refused, saying why.
    const flipped = Boolean(next.from && next.to && next.from > next.to);
    setReversed(flipped);
    if (next.from && next.to && !flipped) onChange({ from: next.from, to: next.to });
  };

  return (
    <section className="card filters range-picker" aria-label={t("summary.range")} data-testid="range-picker">
      <div className="range-picker__presets" role="group" aria-label={t("summary.range")}>
        {PRESETS.map((preset) => {
          const span = presetRange(preset, now);
          const active = span.from === range.from && span.to === range.to;
          return (
            <button
              key={preset}
              type="button"
              className="button button--small button--secondary"
              aria-pressed={active}
              data-testid={`preset-${preset}`}
              onClick={() => onChange(span)}
            >
              {t(PRESET_LABELS[preset])}
            </button>
          );
        })}
      </div>
      <div className="filters__row">
        <DateRangeFields
          from={range.from}
          to={range.to}
          required
          onFrom={(day) => setDay("from", day)}
          onTo={(day) => setDay("to", day)}
        />
        {reversed && (
          <p className="field__error" role="alert" data-testid="range-error">
            {t("summary.reversed")}
          </p>
        )}
        <label className="filters__field filters__field--wide">
          <span className="field__label">{t("summary.zone")}</span>
          <select className="input" name="tz" value={range.tz} onChange={(change) => onChange({ tz: change.target.value })}>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone === orgZone ? t("summary.zoneServer", { zone }) : zone}
              </option>
            ))}
          </select>
        </label>
      </div>
    </section>
  );
}
