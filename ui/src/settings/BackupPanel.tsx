import { useState, type SyntheticEvent } from "react";
import { run } from "../api";
import { commands, type AppError, type BackupMade } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { useL10n } from "../l10n/context";

/**
 * A supervisor's backup of this computer's data: a passphrase typed twice,
 * then the system's save dialog. The file opens on another computer only
 * with the passphrase (`enlace restore FILE`).
 */
export function BackupPanel() {
  const { t } = useL10n();
  const [passphrase, setPassphrase] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [made, setMade] = useState<BackupMade | null>(null);

  async function backUp(event: SyntheticEvent) {
    event.preventDefault();
    setBusy(true);
    setMade(null);
    const result = await run(() => commands.backUpStore(passphrase, confirmation));
    setBusy(false);
    if (result.status === "ok") {
      setError(null);
      if (result.data !== null) {
        setMade(result.data);
        setPassphrase("");
        setConfirmation("");
      }
    } else {
      setError(result.error);
    }
  }

  return (
    <section className="panel settings-panel" aria-labelledby="backup-title" data-testid="backup-panel">
      <h2 id="backup-title">{t("backup-title")}</h2>
      <p className="hint" id="backup-help">
        {t("backup-help")}
      </p>
      <form className="field-row" aria-describedby="backup-help" onSubmit={(event) => void backUp(event)}>
        <label>
          {t("backup-passphrase")}
          <input
            type="password"
            autoComplete="new-password"
            required
            data-testid="backup-passphrase"
            value={passphrase}
            onChange={(event) => {
              setPassphrase(event.target.value);
            }}
          />
        </label>
        <label>
          {t("backup-passphrase-again")}
          <input
            type="password"
            autoComplete="new-password"
            required
            data-testid="backup-confirmation"
            value={confirmation}
            onChange={(event) => {
              setConfirmation(event.target.value);
            }}
          />
        </label>
        <button type="submit" className="button button-primary" disabled={busy} data-testid="backup-save">
          {busy ? t("backup-saving") : t("backup-save")}
        </button>
      </form>
      {made !== null && (
        <p role="status" className="hint">
          {t("backup-saved", { patients: made.patients, path: made.path })}
        </p>
      )}
      <ErrorLine error={error} />
    </section>
  );
}
