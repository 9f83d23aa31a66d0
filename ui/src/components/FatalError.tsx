import { useState } from "react";
import { commands, type AppError } from "../bindings";
import { errorArgs, run } from "../api";
import { useL10n } from "../l10n/context";
import { ERROR_MESSAGES } from "../l10n/messageIds";
import { ErrorLine } from "./ErrorLine";
import { LanguageSwitcher } from "./LanguageSwitcher";

/** Errors a recovery key can fix: the store is there, its key is not in the keyring. */
const RECOVERABLE: readonly AppError["code"][] = ["store-key-missing", "store-wrong-key"];

/** Full-screen panel shown instead of the app when the encrypted store cannot be opened. */
export function FatalError({ error }: { error: AppError }) {
  const { t } = useL10n();
  return (
    <div className="fatal" data-testid="app-error" role="alert" aria-labelledby="fatal-title">
      <div className="fatal-card">
        <div className="fatal-top">
          <span className="brand">{t("app-name")}</span>
          <LanguageSwitcher />
        </div>
        <h1 id="fatal-title">{t("fatal-title")}</h1>
        <p className="fatal-message">{t(ERROR_MESSAGES[error.code], errorArgs(error))}</p>
        <p className="fatal-code">
          <code>{error.code}</code>
        </p>
        <p>{t("fatal-help")}</p>
        <button
          type="button"
          className="button"
          onClick={() => {
            // Ask the shell to open the store again (the cause may have been fixed), then start over.
            void run(commands.retryOpen).then(() => {
              window.location.reload();
            });
          }}
        >
          {t("retry")}
        </button>
        {RECOVERABLE.includes(error.code) && <RecoverForm />}
      </div>
    </div>
  );
}

/** Opens the store with its recovery key; Rust saves the key back in the keyring. */
function RecoverForm() {
  const { t } = useL10n();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  return (
    <form
      className="recover-form"
      data-testid="recover-form"
      onSubmit={(event) => {
        event.preventDefault();
        setError(null);
        void run(() => commands.recoverStore(typed)).then((result) => {
          if (result.status === "ok") window.location.reload();
          else setError(result.error);
        });
      }}
    >
      <h2>{t("recover-title")}</h2>
      <p>{t("recover-help")}</p>
      <label className="form-field">
        <span className="form-label">{t("recover-label")}</span>
        <textarea
          data-testid="recover-key"
          rows={3}
          autoComplete="off"
          spellCheck={false}
          value={typed}
          onChange={(event) => {
            setTyped(event.target.value);
          }}
        />
      </label>
      <ErrorLine error={error} />
      <button type="submit" className="button button-primary" data-testid="recover-submit">
        {t("recover-submit")}
      </button>
    </form>
  );
}
