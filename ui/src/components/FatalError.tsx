import { commands, type AppError } from "../bindings";
import { errorArgs, run } from "../api";
import { useL10n } from "../l10n/context";
import { ERROR_MESSAGES } from "../l10n/messageIds";
import { LanguageSwitcher } from "./LanguageSwitcher";

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
      </div>
    </div>
  );
}
