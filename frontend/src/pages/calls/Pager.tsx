// "1–50 of 1,234", previous / next, and the page size.
import { formatNumber } from "../../format";
import { t } from "../../i18n";
import type { CallHistory } from "../../types";
import { PAGE_SIZES } from "./query";

interface PagerProps {
  page: CallHistory;
  limit: number;
  offset: number;
  maxLimit: number;
  onPage: (offset: number) => void;
  onLimit: (limit: number) => void;
}

export function Pager({ page, limit, offset, maxLimit, onPage, onLimit }: PagerProps) {
  const first = page.items.length ? offset + 1 : 0;
  const last = offset + page.items.length;
  // An older server does not say; its totals are exact.
  const exact = page.total_exact !== false;
  const total = exact
    ? formatNumber(page.total)
    : t("history.totalAtLeast", { count: formatNumber(page.total) });
  // An inexact total is a lower bound: a full page means there may be more.
  const hasNext = exact ? last < page.total : page.items.length === limit;

  return (
    <nav className="pager" aria-label={t("history.pagination")} data-testid="pager">
      <label className="pager__size">
        <span>{t("history.pageSize")}</span>
        <select
          className="input input--compact"
          value={limit}
          data-testid="page-size"
          onChange={(change) => onLimit(Number(change.target.value))}
        >
          {PAGE_SIZES.filter((size) => size <= maxLimit).map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <span className="pager__range" data-testid="pager-range" aria-live="polite">
        {t("history.range", { first: formatNumber(first), last: formatNumber(last), total })}
      </span>
      <div className="pager__buttons">
        <button
          type="button"
          className="button button--small button--secondary"
          disabled={offset === 0}
          onClick={() => onPage(Math.max(0, offset - limit))}
        >
          {t("history.previous")}
        </button>
        <button
          type="button"
          className="button button--small button--secondary"
          disabled={!hasNext}
          onClick={() => onPage(offset + limit)}
        >
          {t("history.next")}
        </button>
      </div>
    </nav>
  );
}
