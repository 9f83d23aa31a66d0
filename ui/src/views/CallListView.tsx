import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { commands, type CallListRow } from "../bindings";
import { DueStatus } from "../components/DueStatus";
import { LanguageBadge } from "../components/LanguageBadge";
import { PhoneLink } from "../components/PhoneLink";
import { EmptyState, LoadError, Loading } from "../components/States";
import { Tag } from "../components/Tag";
import { useCommand } from "../hooks/useCommand";
import { nextIndex } from "../hooks/listKeys";
import { useNow } from "../hooks/timing";
import { ViewHeader } from "../components/ViewHeader";
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
}

export function CallListView({ selectedId, onOpenPatient, onPainted }: Props) {
  const { t, locale } = useL10n();
  const { state, reload } = useCommand(commands.callList);
  // Due dates and calling windows move with the clock: refresh the list every minute.
  useEffect(() => {
    const timer = window.setInterval(reload, 60_000);
    return () => {
      window.clearInterval(timer);
    };
  }, [reload]);
  const now = useNow();
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const [activeId, setActiveId] = useState<string | null>(selectedId);

  const rows = state.status === "ok" ? state.data.rows : [];
  const found = rows.findIndex((row) => row.patientId === activeId);
  const activeIndex = found === -1 ? 0 : found;

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
    const target = rowRefs.current[activeIndex] ?? titleRef.current;
    target?.focus();
  }, [loaded, activeIndex]);

  function onKeyDown(event: KeyboardEvent<HTMLTableSectionElement>) {
    if (!(event.target instanceof HTMLTableRowElement)) return;
    if (event.key === "Enter") {
      const row = rows[activeIndex];
      if (row) onOpenPatient(row.patientId);
      event.preventDefault();
      return;
    }
    const next = nextIndex(event.key, activeIndex, rows.length);
    if (next === null) return;
    event.preventDefault();
    rowRefs.current[next]?.focus();
  }

  return (
    <section className="view" aria-labelledby="call-list-title">
      <ViewHeader section="call-list" titleRef={titleRef}>
        {state.status === "ok" && (
          <p className="view-meta" data-testid="call-list-summary">
            <span className="summary-count">{t("call-list-summary", { count: rows.length })}</span>
            <span className="muted">
              {t("call-list-updated", { time: formatInstantTime(locale, state.data.generatedAt) })}
            </span>
          </p>
        )}
      </ViewHeader>
      {state.status === "loading" && <Loading />}
      {state.status === "error" && <LoadError error={state.error} onRetry={reload} />}
      {state.status === "ok" && rows.length === 0 && (
        <EmptyState titleId="call-list-empty-title" bodyId="call-list-empty-body" />
      )}
      {state.status === "ok" && rows.length > 0 && (
        <>
          <p id="call-list-hint" className="hint">
            {t("call-list-hint")}
          </p>
          <table
            className="data-table call-list"
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
            <tbody onKeyDown={onKeyDown}>
              {rows.map((row, index) => (
                <CallRow
                  key={row.patientId}
                  row={row}
                  now={now}
                  active={index === activeIndex}
                  rowRef={(element) => {
                    rowRefs.current[index] = element;
                  }}
                  onFocus={() => {
                    setActiveId(row.patientId);
                  }}
                  onOpen={() => {
                    onOpenPatient(row.patientId);
                  }}
                />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

interface RowProps {
  row: CallListRow;
  now: Date;
  active: boolean;
  rowRef: (element: HTMLTableRowElement | null) => void;
  onFocus: () => void;
  onOpen: () => void;
}

function CallRow({ row, now, active, rowRef, onFocus, onOpen }: RowProps) {
  const { t, locale } = useL10n();

  return (
    <tr
      data-testid="call-list-row"
      data-patient-id={row.patientId}
      className={active ? "is-active" : undefined}
      tabIndex={active ? 0 : -1}
      ref={rowRef}
      onFocus={onFocus}
      onClick={onOpen}
    >
      <td className="col-patient">
        <span className="patient-name">{row.fullName}</span>
      </td>
      <td className="col-language">
        <LanguageBadge language={row.preferredLanguage} />
      </td>
      <td className="col-time">
        <span className="local-time">{formatTimeInZone(locale, row.timeZone, now)}</span>
        {!row.callableNow && <Tag kind="outside-window" />}
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
