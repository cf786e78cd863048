// A "from" and a "to" date input side by side, each bounded by the other (the browser's own pickers).
import { t } from "../i18n";

interface DateRangeFieldsProps {
  from: string;
  to: string;
  /** A range that must always have both ends (Summary); the Calls filters may leave either empty. */
  required?: boolean;
  onFrom: (day: string) => void;
  onTo: (day: string) => void;
}

export function DateRangeFields({ from, to, required = false, onFrom, onTo }: DateRangeFieldsProps) {
  return (
    <>
      <DateField name="from" label={t("history.from")} value={from} max={to} required={required} onChange={onFrom} />
      <DateField name="to" label={t("history.to")} value={to} min={from} required={required} onChange={onTo} />
    </>
  );
}

interface DateFieldProps {
  name: string;
  label: string;
  value: string;
  min?: string;
  max?: string;
  required: boolean;
  onChange: (day: string) => void;
}

function DateField({ name, label, value, min, max, required, onChange }: DateFieldProps) {
  return (
    <label className="filters__field">
      <span className="field__label">{label}</span>
      <input
        className="input"
        type="date"
        name={name}
        value={value}
        min={min || undefined}
        max={max || undefined}
        required={required}
        onChange={(change) => onChange(change.target.value)}
      />
    </label>
  );
}
