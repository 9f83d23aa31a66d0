import { useCallback, useEffect, useRef, useState } from "react";
import { run } from "../api";
import { ErrorLine } from "../components/ErrorLine";
import { commands, type AppError, type AuditFilter } from "../bindings";
import { LoadError, Loading } from "../components/States";
import { useCommand } from "../hooks/useCommand";
import { useL10n } from "../l10n/context";
import { formatInstant } from "../l10n/format";
import { AUDIT_ACTION_MESSAGES, AUDIT_ENTITY_MESSAGES } from "../l10n/messageIds";

/** A local calendar date (YYYY-MM-DD) as the instant its day starts, in this computer's zone. */
function startOfLocalDay(date: string): string | null {
  if (date === "") return null;
  const start = new Date(`${date}T00:00:00`);
  return Number.isNaN(start.getTime()) ? null : start.toISOString();
}

function dayAfter(date: string): string | null {
  const start = startOfLocalDay(date);
  if (start === null) return null;
  const next = new Date(start);
  next.setDate(next.getDate() + 1);
  return next.toISOString();
}

/** Supervisors read the audit trail by user, record and date, and export it. */
export function AuditPanel({ initialRecordId }: { initialRecordId: string | null }) {
  const { t, locale } = useL10n();
  const [username, setUsername] = useState("");
  const [recordId, setRecordId] = useState(initialRecordId ?? "");
  const panelRef = useRef<HTMLElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (initialRecordId === null) return;
    // After the Settings view has focused its own title: the patient's trail is where the user goes.
    const frame = requestAnimationFrame(() => {
      titleRef.current?.focus({ preventScroll: true });
      panelRef.current?.scrollIntoView({ block: "start" });
    });
    return () => {
      cancelAnimationFrame(frame);
    };
  }, [initialRecordId]);
  const [from, setFrom] = useState("");
  const [until, setUntil] = useState("");
  const [exported, setExported] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const filter: AuditFilter = {
    username: username.trim() === "" ? null : username.trim(),
    recordId: /^[0-9a-f-]{36}$/i.test(recordId.trim()) ? recordId.trim() : null,
    from: startOfLocalDay(from),
    until: dayAfter(until),
  };
  const key = JSON.stringify(filter);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` is the filter's value.
  const load = useCallback(() => commands.auditTrail(filter), [key]);
  const events = useCommand(load);

  async function exportCsv() {
    const result = await run(() => commands.exportAudit(filter));
    if (result.status === "ok") {
      setExported(result.data);
      setError(null);
    } else {
      setError(result.error);
    }
  }

  return (
    <section className="panel settings-panel" aria-labelledby="audit-title" data-testid="audit-panel" ref={panelRef}>
      <h2 id="audit-title" tabIndex={-1} ref={titleRef}>
        {t("audit-title")}
      </h2>
      <p className="hint">{t("audit-help")}</p>
      <div className="field-row">
        <label>
          {t("audit-user")}
          <input
            value={username}
            autoCapitalize="none"
            spellCheck={false}
            onChange={(event) => {
              setUsername(event.target.value);
            }}
          />
        </label>
        <label>
          {t("audit-record")}
          <input
            value={recordId}
            spellCheck={false}
            onChange={(event) => {
              setRecordId(event.target.value);
            }}
          />
        </label>
        <label>
          {t("audit-from")}
          <input
            type="date"
            value={from}
            onChange={(event) => {
              setFrom(event.target.value);
            }}
          />
        </label>
        <label>
          {t("audit-until")}
          <input
            type="date"
            value={until}
            onChange={(event) => {
              setUntil(event.target.value);
            }}
          />
        </label>
        <button type="button" className="button" onClick={() => void exportCsv()}>
          {t("audit-export")}
        </button>
      </div>
      {exported !== null && (
        <p role="status" className="hint">
          {t("audit-exported", { path: exported })}
        </p>
      )}
      <ErrorLine error={error} />
      {events.state.status === "loading" && <Loading />}
      {events.state.status === "error" && <LoadError error={events.state.error} onRetry={events.reload} />}
      {events.state.status === "ok" &&
        (events.state.data.length === 0 ? (
          <p className="muted">{t("audit-empty")}</p>
        ) : (
          <table className="data-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t("audit-when")}</th>
                <th scope="col">{t("audit-user")}</th>
                <th scope="col">{t("audit-action")}</th>
                <th scope="col">{t("audit-record")}</th>
              </tr>
            </thead>
            <tbody>
              {events.state.data.map((row) => (
                <tr key={row.id}>
                  <td>{formatInstant(locale, row.occurredAt)}</td>
                  <td>
                    <code>{row.username}</code>
                  </td>
                  <td>{t(AUDIT_ACTION_MESSAGES[row.action])}</td>
                  <td>
                    {row.entity !== null && row.recordId !== null ? (
                      <>
                        {row.entity in AUDIT_ENTITY_MESSAGES ? t(AUDIT_ENTITY_MESSAGES[row.entity] ?? "") : row.entity}{" "}
                        <code title={row.recordId}>{row.recordId.slice(-12)}</code>
                      </>
                    ) : (
                      ""
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
