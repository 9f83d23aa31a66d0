import { useState } from "react";
import { ErrorLine } from "../components/ErrorLine";
import { useL10n } from "../l10n/context";
import { checkForUpdate, useUpdateState } from "../session/updates";

/** Asks the pharmacy's server for a newer Enlace now (the banner offers it when there is one). */
export function UpdatesPanel() {
  const { t } = useL10n();
  const { checked } = useUpdateState();
  const [checking, setChecking] = useState(false);
  return (
    <section className="panel settings-panel" aria-labelledby="updates-title" data-testid="updates-panel">
      <h2 id="updates-title">{t("updates-title")}</h2>
      <p className="hint">{t("updates-help")}</p>
      <div className="field-row">
        <button
          type="button"
          className="button"
          data-testid="updates-check"
          disabled={checking}
          onClick={() => {
            setChecking(true);
            void checkForUpdate().finally(() => { setChecking(false); });
          }}
        >
          {checking ? t("updates-checking") : t("updates-check")}
        </button>
      </div>
      {checked === "up-to-date" && (
        <p role="status" className="hint" data-testid="updates-up-to-date">
          {t("updates-up-to-date")}
        </p>
      )}
      {checked !== null && checked !== "up-to-date" && <ErrorLine error={checked} />}
    </section>
  );
}
