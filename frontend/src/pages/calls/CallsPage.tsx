// Every call, paged, sorted and filtered by the server; the filters live in the URL; a drawer shows one call.
import { useCallback, useRef, useState } from "react";
import { CallDetail } from "../../components/CallDetail";
import { isNewerOrSame } from "../../format";
import { t } from "../../i18n";
import { navigate } from "../../route";
import { useLiveEvents } from "../../state/live";
import { useConfig } from "../../state/useOrgConfig";
import type { CallPublic, HistoryQuery, Me } from "../../types";
import { CallsFilters } from "./CallsFilters";
import { CallsTable } from "./CallsTable";
import { Pager } from "./Pager";
import { hasFilters, paramsFromQuery, queryFromParams } from "./query";
import { useHistory } from "./useHistory";

export function CallsPage({ me, params }: { me: Me; params: URLSearchParams }) {
  const config = useConfig();
  const query = queryFromParams(params, config.history_max_limit);
  const { state, settled, newArrivals, reload } = useHistory(query);
  const [selected, setSelected] = useState<CallPublic | null>(null);
  const tableRef = useRef<HTMLDivElement>(null);

  const update = (patch: Partial<HistoryQuery>) => {
    // A new filter, sort or page size starts again at the first page.
    const offset = "offset" in patch ? (patch.offset ?? 0) : 0;
    navigate("calls", paramsFromQuery({ ...query, ...patch, offset }));
  };

  // The drawer's call follows live events even when its row has left the page.
  useLiveEvents((event) =>
    setSelected((current) =>
      current && current.execution_sid === event.call.execution_sid && isNewerOrSame(event.call, current)
        ? event.call
        : current,
    ),
  );

  const closeDrawer = useCallback(() => {
    const sid = selected?.execution_sid;
    setSelected(null);
    // Back to the row the drawer was opened from (it may have been re-rendered meanwhile).
    const row = sid ? tableRef.current?.querySelector<HTMLElement>(`tr[data-execution-sid="${CSS.escape(sid)}"]`) : null;
    row?.focus();
  }, [selected]);

  const page = state.page;
  const onPage = selected ? page?.items.find((call) => call.execution_sid === selected.execution_sid) : undefined;
  const drawerCall = selected && onPage && isNewerOrSame(onPage, selected) ? onPage : selected;

  return (
    <div className="page">
      <div className="page__header">
        <h1 className="page__title">{t("history.title")}</h1>
        <span className="muted" data-testid="zone-note">
          {t("history.zoneNote", { zone: config.time_zone })}
        </span>
      </div>
      <CallsFilters query={query} onChange={update} />

      <section
        className="card calls-card"
        aria-labelledby="calls-page-title"
        aria-busy={!settled && state.status !== "error"}
        data-state={settled ? "ready" : state.status === "error" ? "error" : "loading"}
        // The URL query this state is for: a click changes the URL before the page re-renders, and until
        // then the previous list still says "ready" (tests wait for this to match the address bar).
        data-query={params.toString()}
        data-testid="calls-page"
      >
        <h2 id="calls-page-title" className="visually-hidden">
          {t("history.title")}
        </h2>
        {newArrivals && (
          <div className="notice notice--info" role="status" data-testid="new-calls">
            <span>{t("history.newCalls")}</span>
            <button type="button" className="button button--small" onClick={() => update({ offset: 0 })}>
              {t("history.showNew")}
            </button>
          </div>
        )}
        {state.status === "error" && (
          <div className="notice notice--error" role="alert" data-testid="calls-error">
            <span>{t("history.error", { message: state.message })}</span>
            <button type="button" className="button button--small" onClick={reload}>
              {t("common.retry")}
            </button>
          </div>
        )}
        {state.status === "loading" && !page && (
          <p className="calls__state" data-testid="calls-loading">
            <span className="spinner spinner--dark" aria-hidden="true" />
            {t("history.loading")}
          </p>
        )}
        {page && page.items.length === 0 && state.status !== "loading" && (
          <p className="calls__state calls__state--empty" data-testid="calls-empty">
            {hasFilters(query) ? t("history.empty") : t("history.emptyAll")}
          </p>
        )}
        {page && page.items.length > 0 && (
          <div ref={tableRef}>
            <CallsTable
              calls={page.items}
              sort={query.sort}
              selectedSid={selected?.execution_sid ?? null}
              onSort={(sort) => update({ sort })}
              onOpen={setSelected}
            />
          </div>
        )}
        {page && (
          <Pager
            page={page}
            limit={query.limit}
            offset={query.offset}
            maxLimit={config.history_max_limit}
            onPage={(offset) => update({ offset })}
            onLimit={(limit) => update({ limit })}
          />
        )}
      </section>

      {drawerCall && (
        <CallDetail
          key={drawerCall.execution_sid}
          call={drawerCall}
          canCallAgain={me.role !== "viewer"}
          onClose={closeDrawer}
        />
      )}
    </div>
  );
}
