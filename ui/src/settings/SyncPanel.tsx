// Sync with the pharmacy's server in Settings: where it stands (refreshed every few seconds),
// whose changes wait for their author to sign in, and for supervisors the form that registers
// this device, or forgets the server, and the other computers (SyncDevices.tsx).
import { useCallback, useEffect, useState } from "react";
import { run } from "../api";
import { commands, type AppError, type ConnectInput, type SyncView, type WaitingAuthor } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { Fact } from "../components/Fact";
import { LoadError, Loading } from "../components/States";
import { useCommand } from "../hooks/useCommand";
import { useL10n } from "../l10n/context";
import { formatInstant, formatNumber } from "../l10n/format";
import { SYNC_ERROR_MESSAGES, SYNC_PHASE_MESSAGES } from "../l10n/messageIds";
import { SyncDevices } from "./SyncDevices";

const REFRESH_MS = 3_000;

export function SyncPanel({ canManage }: { canManage: boolean }) {
  const { t } = useL10n();
  const status = useCommand(useCallback(() => commands.syncStatus(), []));
  const { reload } = status;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => {
      window.clearInterval(timer);
    };
  }, [reload]);
  return (
    <section className="panel settings-panel" aria-labelledby="sync-title" data-testid="sync-panel">
      <h2 id="sync-title">{t("sync-title")}</h2>
      {status.state.status === "loading" && <Loading />}
      {status.state.status === "error" && <LoadError error={status.state.error} onRetry={reload} />}
      {status.state.status === "ok" && (
        <>
          <SyncFacts view={status.state.data} />
          {canManage && <SyncForm view={status.state.data} onChanged={reload} />}
          {canManage && status.state.data.serverUrl !== null && <SyncDevices />}
          {!canManage && status.state.data.serverUrl === null && <p className="muted">{t("sync-ask-supervisor")}</p>}
        </>
      )}
    </section>
  );
}

export function SyncFacts({ view }: { view: SyncView }) {
  const { t, locale } = useL10n();
  if (view.serverUrl === null) {
    return (
      <p className="hint" data-testid="sync-state">
        {t("sync-not-connected", { pending: view.pendingChanges })}
      </p>
    );
  }
  const pending = view.phase === "pending";
  return (
    <>
      <dl className="facts" data-testid="sync-state">
        <Fact label={t("sync-server")}>{view.serverUrl}</Fact>
        <Fact label={t("sync-registered-by")}>{view.registeredBy ?? ""}</Fact>
        <Fact label={t("sync-phase")}>
          <span data-testid="sync-phase">{view.phase === null ? t("sync-phase-stopped") : t(SYNC_PHASE_MESSAGES[view.phase])}</span>
        </Fact>
        <Fact label={t("sync-last")}>
          {view.lastSyncedAt === null ? t("sync-never") : formatInstant(locale, view.lastSyncedAt)}
        </Fact>
        <Fact label={t("sync-pending")}>
          <span data-testid="sync-pending">{formatNumber(locale, view.pendingChanges)}</span>
        </Fact>
        {/* Waiting for approval is the status already, not a problem besides it. */}
        {view.lastError !== null && !(pending && view.lastError === "pending") && (
          <Fact label={t("sync-last-error")}>
            <span className="warning-text">{t(SYNC_ERROR_MESSAGES[view.lastError] ?? "sync-error-server-error")}</span>
          </Fact>
        )}
      </dl>
      {pending && (
        <p className="notice" data-testid="sync-pending-approval">
          {t("sync-pending-approval-help")}
        </p>
      )}
      {view.waitingFor.length > 0 && <WaitingAuthors authors={view.waitingFor} />}
    </>
  );
}

/** The server takes a person's changes only with their own credential from this computer. */
function WaitingAuthors({ authors }: { authors: WaitingAuthor[] }) {
  const { t } = useL10n();
  return (
    <section aria-labelledby="sync-waiting-title" data-testid="sync-waiting">
      <h3 id="sync-waiting-title">{t("sync-waiting-title")}</h3>
      <ul className="plain-list">
        {authors.map((author) => (
          <li key={author.username} data-testid="sync-waiting-author">
            {t("sync-waiting-author", { username: author.username, changes: author.changes })}
          </li>
        ))}
      </ul>
      <p className="hint">{t("sync-waiting-help")}</p>
    </section>
  );
}

/** The fields of a connection: the server, a user's credentials, and what only some servers need. */
export function ConnectFields({
  input,
  onChange,
}: {
  input: ConnectInput;
  onChange: (input: ConnectInput) => void;
}) {
  const { t } = useL10n();
  const [advanced, setAdvanced] = useState(false);
  return (
    <>
      <label className="gate-field">
        {t("sync-server-url")}
        <input
          data-testid="sync-server-url"
          type="url"
          placeholder="https://enlace.example-pharmacy.com"
          required
          value={input.serverUrl}
          onChange={(event) => {
            onChange({ ...input, serverUrl: event.target.value });
          }}
        />
      </label>
      <label className="gate-field">
        {t("user-username")}
        <input
          data-testid="sync-username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          value={input.username}
          onChange={(event) => {
            onChange({ ...input, username: event.target.value });
          }}
        />
      </label>
      <label className="gate-field">
        {t("user-password")}
        <input
          data-testid="sync-password"
          type="password"
          autoComplete="current-password"
          value={input.password}
          onChange={(event) => {
            onChange({ ...input, password: event.target.value });
          }}
        />
      </label>
      {!advanced ? (
        <button
          type="button"
          className="button button-small button-secondary"
          onClick={() => {
            setAdvanced(true);
          }}
        >
          {t("sync-more-options")}
        </button>
      ) : (
        <>
          <label className="gate-field">
            {t("sync-setup-token")}
            <input
              data-testid="sync-setup-token"
              autoComplete="off"
              spellCheck={false}
              value={input.setupToken ?? ""}
              onChange={(event) => {
                onChange({ ...input, setupToken: event.target.value });
              }}
            />
          </label>
          <p className="hint">{t("sync-setup-token-help")}</p>
          <label className="gate-field">
            {t("sync-ca-certificate")}
            <textarea
              rows={3}
              spellCheck={false}
              value={input.caCertificate ?? ""}
              onChange={(event) => {
                onChange({ ...input, caCertificate: event.target.value });
              }}
            />
          </label>
        </>
      )}
    </>
  );
}

export const NO_CONNECTION: ConnectInput = { serverUrl: "", username: "", password: "", setupToken: null, caCertificate: null };

function SyncForm({ view, onChanged }: { view: SyncView; onChanged: () => void }) {
  const { t } = useL10n();
  const [input, setInput] = useState<ConnectInput>(NO_CONNECTION);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  // Connected, the form to connect again stays folded away.
  const [expanded, setExpanded] = useState(false);

  async function connect() {
    setBusy(true);
    const result = await run(() => commands.connectSync(input));
    setBusy(false);
    if (result.status === "ok") {
      setInput(NO_CONNECTION);
      setError(null);
      setExpanded(false);
      onChanged();
    } else {
      setError(result.error);
    }
  }

  async function disconnect() {
    const result = await run(() => commands.disconnectSync());
    if (result.status === "ok") onChanged();
    else setError(result.error);
  }

  if (view.serverUrl !== null && !expanded) {
    return (
      <div className="form-actions-inline">
        <button
          type="button"
          className="button button-small button-secondary"
          onClick={() => {
            setExpanded(true);
          }}
        >
          {t("sync-reconnect-title")}
        </button>
        <button type="button" className="button button-small button-secondary" onClick={() => void disconnect()}>
          {t("sync-disconnect")}
        </button>
        <ErrorLine error={error} />
      </div>
    );
  }
  return (
    <form
      className="add-user"
      data-testid="sync-form"
      onSubmit={(event) => {
        event.preventDefault();
        void connect();
      }}
    >
      <h3>{view.serverUrl === null ? t("sync-connect-title") : t("sync-reconnect-title")}</h3>
      <p className="hint">{t("sync-connect-help")}</p>
      <ConnectFields input={input} onChange={setInput} />
      <ErrorLine error={error} testId="sync-error" />
      <div className="form-actions-inline">
        <button type="submit" className="button button-primary" data-testid="sync-connect" disabled={busy}>
          {t("sync-connect")}
        </button>
        {view.serverUrl !== null && (
          <button type="button" className="button button-secondary" onClick={() => void disconnect()}>
            {t("sync-disconnect")}
          </button>
        )}
      </div>
    </form>
  );
}
