// Pieces the hand-written charts share.
import { useEffect, useRef, useState, type RefObject } from "react";
import { t } from "../../i18n";

/** A round axis maximum at or above `value` (1, 2, 5 × 10ⁿ), and at least 1 so empty charts still draw. */
export function niceMax(value: number): number {
  if (value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

/** The chart's figures as a table, folded away: for screen readers, and for reading exact numbers. */
export function ChartTable({ head, rows }: { head: string[]; rows: string[][] }) {
  return (
    <details className="chart__table">
      <summary>{t("common.showTable")}</summary>
      <div className="table-scroll">
        <table className="data-table">
          <thead>
            <tr>
              {head.map((cell) => (
                <th key={cell} scope="col">
                  {cell}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row[0]}>
                {row.map((cell, index) =>
                  index === 0 ? (
                    <th key={index} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={index}>{cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

/** While the first data loads; after a failure the page's error notice says what went wrong. */
export function Loading({ state }: { state: { status: string } }) {
  if (state.status === "error") return <p className="muted">{t("common.none")}</p>;
  return (
    <p className="calls__state" data-testid="summary-loading">
      <span className="spinner spinner--dark" aria-hidden="true" />
      {t("summary.loading")}
    </p>
  );
}

/**
 * The width a chart has on screen, followed as the window changes, so that the SVG is drawn at its real
 * size: labels keep their font size on a laptop and on a tablet instead of being scaled with the picture.
 */
export function useChartWidth(fallback: number): [RefObject<HTMLElement | null>, number] {
  const ref = useRef<HTMLElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setWidth(Math.max(240, Math.floor(element.getBoundingClientRect().width)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}
