// This computer's recovery key, for a supervisor, until one confirms it was written down: a
// banner, then the key itself (printable), confirmed by typing its last group back. Rust decides
// whether it is still pending and refuses to show it once confirmed.
import { useState } from "react";
import { run } from "../api";
import { commands, type AppError, type RecoveryKeyView, type SessionView } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { useL10n } from "../l10n/context";

export function RecoveryKeyNotice({ onConfirmed }: { onConfirmed: (session: SessionView) => void }) {
  const { t } = useL10n();
  const [key, setKey] = useState<RecoveryKeyView | null>(null);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [hidden, setHidden] = useState(false);
  if (hidden) return null;

  const show = () => {
    setError(null);
    void run(commands.recoveryKey).then((result) => {
      if (result.status === "ok") setKey(result.data);
      else setError(result.error);
    });
  };
  const confirm = () => {
    setError(null);
    void run(() => commands.confirmRecoveryKey(typed)).then((result) => {
      if (result.status === "ok") {
        setKey(null);
        onConfirmed(result.data);
      } else setError(result.error);
    });
  };

  if (key === null) {
    return (
      <div className="notice notice-warning no-print" role="status" data-testid="recovery-banner">
        <span>{t("recovery-banner")}</span>
        <button type="button" className="button button-small" data-testid="recovery-show" onClick={show}>
          {t("recovery-banner-show")}
        </button>
        <ErrorLine error={error} />
      </div>
    );
  }
  return (
    <section className="panel recovery-key" aria-labelledby="recovery-title" data-testid="recovery-key">
      <h2 id="recovery-title">{t("recovery-title")}</h2>
      <p>{t("recovery-intro")}</p>
      <p className="muted">{t("recovery-device", { device: key.deviceId })}</p>
      <ol className="recovery-groups" data-testid="recovery-groups" aria-label={t("recover-label")}>
        {key.groups.map((group, index) => (
          <li key={index}>
            <span className="recovery-index" aria-hidden="true">
              {index + 1}
            </span>
            <code>{group}</code>
          </li>
        ))}
      </ol>
      <form
        className="no-print"
        onSubmit={(event) => {
          event.preventDefault();
          confirm();
        }}
      >
        <label className="form-field">
          <span className="form-label">{t("recovery-confirm-label")}</span>
          <input
            data-testid="recovery-confirm-input"
            autoComplete="off"
            spellCheck={false}
            maxLength={8}
            value={typed}
            onChange={(event) => {
              setTyped(event.target.value);
            }}
          />
        </label>
        <ErrorLine error={error} />
        <div className="form-actions">
          <button type="submit" className="button button-primary" data-testid="recovery-confirm">
            {t("recovery-confirm")}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              window.print();
            }}
          >
            {t("recovery-print")}
          </button>
          <button
            type="button"
            className="button button-secondary"
            onClick={() => {
              setKey(null);
              setHidden(true);
            }}
          >
            {t("recovery-later")}
          </button>
        </div>
      </form>
    </section>
  );
}
