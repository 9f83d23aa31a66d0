import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { run } from "../api";
import { commands, type CallListFilter, type CallListRow, type Language } from "../bindings";
import { DueStatus } from "../components/DueStatus";
import { LanguageBadge } from "../components/LanguageBadge";
import { PhoneLink } from "../components/PhoneLink";
import { EmptyState, LoadError, Loading } from "../components/States";
import { Tag } from "../components/Tag";
import { useDraft } from "../drafts";
import { ImportPanel } from "./ImportPanel";
import { WebRequestsPanel } from "./WebRequestsPanel";
import { useCommand } from "../hooks/useCommand";
import { nextIndex } from "../hooks/listKeys";
import { useNow } from "../hooks/timing";
import { ViewHeader } from "../components/ViewHeader";
import { TasksDueLink } from "../tasks/TasksDueLink";
import { useL10n } from "../l10n/context";
import {
  formatInstant,
  formatInstantTime,
  formatNumber,
  formatTimeInZone,
} from "../l10n/format";

interface Props {
  /** The patient to focus when coming back from a patient view. */
  selectedId: string | null;
  onOpenPatient: (patientId: string) => void;
  /** Called once the list (or its empty state) has been painted. */
  onPainted: () => void;
  /** The patients in list order, for "next patient" after a call. */
  onQueue: (patientIds: string[]) => void;
  /** Opens "My tasks". */
  onShowTasks: () => void;
}

/** Rows asked of the store at a time; the window only renders what is on screen. */
const PAGE_SIZE = 100;
/** A first guess at a row's height before it is measured (rows grow with their medications). */
const ESTIMATED_ROW_HEIGHT = 62;

const NO_FILTER: CallListFilter = {
  callableNowOnly: false,
  language: null,
  program: null,
  assignedTo: null,
  overdueOnly: false,
};

export function CallListView({ selectedId, onOpenPatient, onPainted, onQueue, onShowTasks }: Props) {
  const { t, locale } = useL10n();
  // A draft (drafts.ts), so that unlocking the window shows the list filtered as it was.
  const [filter, setFilter] = useDraft<CallListFilter>("call-list:filter", NO_FILTER);
  const load = useCallback(() => commands.callListPage(filter, 0, PAGE_SIZE), [filter]);
  const { state, reload: reloadPage } = useCommand(load);
  const { state: overview, reload: reloadOverview } = useCommand(commands.callListOverview);
  const reload = useCallback(() => {
    reloadPage();
    reloadOverview();
  }, [reloadPage, reloadOverview]);
  const [notice, setNotice] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  // Due dates and calling windows move with the clock: refresh the list every minute.
  useEffect(() => {
    const timer = window.setInterval(reload, 60_000);
    return () => {
      window.clearInterval(timer);
    };
  }, [reload]);
  const now = useNow();
  const rowRefs = useRef(new Map<number, HTMLTableRowElement>());
  const titleRef = useRef<HTMLHeadingElement>(null);
  const tableRef = useRef<HTMLTableElement>(null);
  const [activeId, setActiveId] = useState<string | null>(selectedId);

  // state.data keeps its identity until the list reloads; a new array every render would loop through onQueue.
  const data = state.status === "ok" ? state.data : null;
  const total = data?.total ?? 0;
  // Later pages load as they scroll into view; each reload of the first page starts afresh.
  const [laterPages, setLaterPages] = useState<{ from: typeof data; pages: Map<number, CallListRow[]> }>({
    from: null,
    pages: new Map(),
  });
  const pages = useMemo(() => {
    const all = new Map<number, CallListRow[]>(laterPages.from === data ? laterPages.pages : []);
    if (data !== null) all.set(0, data.rows);
    return all;
  }, [data, laterPages]);
  const requested = useRef(new Set<number>());
  const rowAt = useCallback(
    (index: number) => pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE],
    [pages],
  );
  // The loaded rows in list order, up to the first gap: "next patient" follows them.
  const rows = useMemo(() => {
    const loaded: CallListRow[] = [];
    for (let page = 0; pages.has(page); page += 1) loaded.push(...(pages.get(page) ?? []));
    return loaded;
  }, [pages]);
  useEffect(() => {
    onQueue(rows.map((row) => row.patientId));
  }, [rows, onQueue]);
  const found = rows.findIndex((row) => row.patientId === activeId);
  const [activeIndex, setActiveIndex] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  useEffect(() => {
    if (found !== -1) setActiveIndex(found);
  }, [found]);

  const scrollParent = useCallback(() => tableRef.current?.closest(".content") ?? null, []);
  // This build has no React Compiler to be misled by the virtualizer's unstable functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: scrollParent,
    estimateSize: () => ESTIMATED_ROW_HEIGHT,
    overscan: 6,
    scrollMargin: tableRef.current?.offsetTop ?? 0,
  });
  const items = virtualizer.getVirtualItems();

  // Ask for the pages the visible rows fall on.
  const firstVisible = items.at(0)?.index ?? 0;
  const lastVisible = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (data === null) return;
    if (laterPages.from !== data) {
      requested.current = new Set();
      setLaterPages({ from: data, pages: new Map() });
      return;
    }
    for (let page = Math.floor(firstVisible / PAGE_SIZE); page <= Math.floor(lastVisible / PAGE_SIZE); page += 1) {
      if (page === 0 || requested.current.has(page)) continue;
      requested.current.add(page);
      void run(() => commands.callListPage(filter, page * PAGE_SIZE, PAGE_SIZE)).then((result) => {
        if (result.status !== "ok") return;
        setLaterPages((current) =>
          current.from === data ? { from: data, pages: new Map(current.pages).set(page, result.data.rows) } : current,
        );
      });
    }
  }, [data, laterPages, firstVisible, lastVisible, filter]);

  useEffect(() => {
    if (state.status !== "ok") return;
    const frame = window.requestAnimationFrame(onPainted);
    return () => {
      window.cancelAnimationFrame(frame);
    };
  }, [state.status, onPainted]);

  // Keyboard-first: once loaded, put focus on the selected row (or the title when empty),
  // unless the user has already moved focus somewhere else. Only on the first load.
  const loaded = state.status === "ok";
  const focusedOnce = useRef(false);
  useEffect(() => {
    if (!loaded || focusedOnce.current) return;
    focusedOnce.current = true;
    const focused = document.activeElement;
    if (focused !== null && focused !== document.body && focused !== titleRef.current) return;
    if (activeIndex > 0) virtualizer.scrollToIndex(activeIndex, { align: "center" });
    pendingFocus.current = total > 0 ? activeIndex : null;
    if (total === 0) titleRef.current?.focus();
  }, [loaded, activeIndex, total, virtualizer]);

  // A row scrolled to by the keyboard is focused once it has been rendered.
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const element = rowRefs.current.get(index);
    if (element !== undefined) {
      pendingFocus.current = null;
      element.focus();
    }
  });

  function onKeyDown(event: KeyboardEvent<HTMLTableSectionElement>) {
    if (!(event.target instanceof HTMLTableRowElement)) return;
    if (event.key === "Enter") {
      const row = rowAt(activeIndex);
      if (row) onOpenPatient(row.patientId);
      event.preventDefault();
      return;
    }
    const next = nextIndex(event.key, activeIndex, total);
    if (next === null) return;
    event.preventDefault();
    setActiveIndex(next);
    virtualizer.scrollToIndex(next);
    pendingFocus.current = next;
  }

  if (importing) {
    return (
      <ImportPanel
        onClose={(imported) => {
          setImporting(false);
          if (imported) reload();
        }}
      />
    );
  }

  return (
    <section className="view" aria-labelledby="call-list-title">
      <ViewHeader section="call-list" titleRef={titleRef}>
        {state.status === "ok" && (
          <p className="view-meta" data-testid="call-list-summary">
            <span className="summary-count">{t("call-list-summary", { count: total })}</span>
            {overview.status === "ok" && (
              <span className="muted">
                {t("call-list-counts", {
                  open: overview.data.openCount,
                  callable: overview.data.callableCount,
                  exceptions: overview.data.exceptionCount,
                })}
              </span>
            )}
            <span className="muted">
              {t("call-list-updated", { time: formatInstantTime(locale, state.data.generatedAt) })}
            </span>
          </p>
        )}
        <TasksDueLink onShowTasks={onShowTasks} />
      </ViewHeader>
      <WebRequestsPanel onOpenPatient={onOpenPatient} />
      {state.status === "ok" && (
        <div className="toolbar no-print" role="group" aria-label={t("call-list-filters")}>
          <label className="checkbox">
            <input
              type="checkbox"
              data-testid="filter-callable"
              checked={filter.callableNowOnly}
              onChange={(event) => {
                setFilter({ ...filter, callableNowOnly: event.target.checked });
              }}
            />
            {t("filter-callable-now")}
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={filter.overdueOnly}
              onChange={(event) => {
                setFilter({ ...filter, overdueOnly: event.target.checked });
              }}
            />
            {t("filter-overdue-only")}
          </label>
          <label>
            {t("filter-language")}
            <select
              data-testid="filter-language"
              value={filter.language ?? ""}
              onChange={(event) => {
                setFilter({ ...filter, language: event.target.value === "" ? null : (event.target.value as Language) });
              }}
            >
              <option value="">{t("filter-any")}</option>
              <option value="en-US">{t("language-en-US")}</option>
              <option value="es-US">{t("language-es-US")}</option>
            </select>
          </label>
          <label>
            {t("filter-program")}
            <select
              value={filter.program ?? ""}
              onChange={(event) => {
                setFilter({ ...filter, program: event.target.value === "" ? null : event.target.value });
              }}
            >
              <option value="">{t("filter-any")}</option>
              {(overview.status === "ok" ? overview.data.filterOptions.programs : []).map((program) => (
                <option key={program} value={program}>
                  {program}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("filter-coordinator")}
            <select
              value={filter.assignedTo ?? ""}
              onChange={(event) => {
                setFilter({ ...filter, assignedTo: event.target.value === "" ? null : event.target.value });
              }}
            >
              <option value="">{t("filter-any")}</option>
              {(overview.status === "ok" ? overview.data.filterOptions.coordinators : []).map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <span className="toolbar-spacer" />
          <button
            type="button"
            className="button button-small"
            data-testid="import-open"
            onClick={() => {
              setImporting(true);
            }}
          >
            {t("call-list-import")}
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              void run(commands.exportDay).then((result) => {
                if (result.status === "error") setNotice(t(`error-${result.error.code}`));
                // Closing the save dialog exports nothing and says nothing.
                else if (result.data !== null) setNotice(t("call-list-exported", { path: result.data }));
              });
            }}
          >
            {t("call-list-export")}
          </button>
        </div>
      )}
      {notice !== null && (
        <p className="notice" role="status" data-testid="call-list-notice">
          {notice}
        </p>
      )}
      {state.status === "loading" && <Loading />}
      {state.status === "error" && <LoadError error={state.error} onRetry={reload} />}
      {state.status === "ok" && total === 0 && (
        <EmptyState titleId="call-list-empty-title" bodyId="call-list-empty-body" />
      )}
      {state.status === "ok" && total > 0 && (
        <>
          <p id="call-list-hint" className="hint no-print">
            {t("call-list-hint")}
          </p>
          <table
            ref={tableRef}
            className="data-table call-list"
            aria-rowcount={total + 1}
            data-testid="call-list"
            aria-label={t("call-list-table-label")}
            aria-describedby="call-list-hint"
          >
            <thead>
              <tr>
                <th scope="col" className="col-patient">
                  {t("call-list-col-patient")}
                </th>
                <th scope="col" className="col-language">
                  {t("call-list-col-language")}
                </th>
                <th scope="col" className="col-time">
                  {t("call-list-col-local-time")}
                </th>
                <th scope="col" className="col-phone">
                  {t("call-list-col-phone")}
                </th>
                <th scope="col" className="col-due">
                  {t("call-list-col-due")}
                </th>
                <th scope="col" className="col-attempts">
                  {t("call-list-col-attempts")}
                </th>
              </tr>
            </thead>
            {/* Arrow keys and Enter move between the focusable rows: one listener for all of them. */}
            {/* eslint-disable-next-line jsx-a11y-x/no-noninteractive-element-interactions */}
            <tbody onKeyDown={onKeyDown}>
              {items.length > 0 && (
                <tr aria-hidden="true" className="virtual-spacer">
                  <td colSpan={6} style={{ height: (items[0]?.start ?? 0) - virtualizer.options.scrollMargin }} />
                </tr>
              )}
              {items.map((item) => {
                const row = rowAt(item.index);
                const attach = (element: HTMLTableRowElement | null) => {
                  if (element === null) {
                    rowRefs.current.delete(item.index);
                    return;
                  }
                  rowRefs.current.set(item.index, element);
                  virtualizer.measureElement(element);
                };
                return row === undefined ? (
                  <tr key={`loading-${String(item.index)}`} data-index={item.index} ref={attach} className="row-loading">
                    <td colSpan={6}>
                      <span className="muted">{t("loading")}</span>
                    </td>
                  </tr>
                ) : (
                  <CallRow
                    key={row.patientId}
                    index={item.index}
                    row={row}
                    now={now}
                    active={item.index === activeIndex}
                    rowRef={attach}
                    onFocus={() => {
                      setActiveIndex(item.index);
                      setActiveId(row.patientId);
                    }}
                    onOpen={() => {
                      onOpenPatient(row.patientId);
                    }}
                  />
                );
              })}
              {items.length > 0 && (
                <tr aria-hidden="true" className="virtual-spacer">
                  <td
                    colSpan={6}
                    style={{
                      height: virtualizer.getTotalSize() - ((items.at(-1)?.end ?? 0) - virtualizer.options.scrollMargin),
                    }}
                  />
                </tr>
              )}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

interface RowProps {
  index: number;
  row: CallListRow;
  now: Date;
  active: boolean;
  rowRef: (element: HTMLTableRowElement | null) => void;
  onFocus: () => void;
  onOpen: () => void;
}

function CallRow({ index, row, now, active, rowRef, onFocus, onOpen }: RowProps) {
  const { t, locale } = useL10n();

  return (
    <tr
      data-testid="call-list-row"
      data-patient-id={row.patientId}
      data-index={index}
      aria-rowindex={index + 2}
      className={active ? "is-active" : undefined}
      tabIndex={active ? 0 : -1}
      ref={rowRef}
      onFocus={onFocus}
      onClick={onOpen}
    >
      <td className="col-patient">
        <span className="patient-name">{row.fullName}</span>
        {row.openConsult === "requested" && <Tag kind="consult-requested" />}
        {row.openConsult === "scheduled" && <Tag kind="consult-scheduled" />}
      </td>
      <td className="col-language">
        <LanguageBadge language={row.preferredLanguage} />
      </td>
      <td className="col-time">
        <span className="local-time">{formatTimeInZone(locale, row.timeZone, now)}</span>
        {!row.callableNow && <Tag kind="outside-window" />}
        {row.nextCallAt !== null && (
          <span className="muted small" data-testid="next-call-at">
            {t("call-list-next-call", { when: formatInstant(locale, row.nextCallAt) })}
          </span>
        )}
      </td>
      <td className="col-phone">
        {row.phone !== null ? (
          <PhoneLink e164={row.phone} name={row.fullName} />
        ) : (
          <span className="muted">{t("phone-none")}</span>
        )}
      </td>
      <td className="col-due">
        <ul className="due-list">
          {row.dueMedications.map((med) => (
            <li key={med.prescriptionId}>
              <span className="drug">
                <span className="drug-name">{med.drug}</span>
                <span className="drug-strength">{med.strength}</span>
              </span>
              <DueStatus daysUntilDue={med.daysUntilDue} />
              {med.critical && <Tag kind="critical" />}
              {med.renewalNeeded && <Tag kind="renewal-needed" />}
            </li>
          ))}
        </ul>
      </td>
      <td className="col-attempts">
        <span className="attempts">{formatNumber(locale, row.attempts)}</span>
        {row.lastAttemptAt !== null && (
          <span className="muted small">
            {t("call-list-last-attempt", { when: formatInstant(locale, row.lastAttemptAt) })}
          </span>
        )}
      </td>
    </tr>
  );
}
