// A newer Enlace from the pharmacy's server: what's new in the interface language, installed only
// when the person asks and no call is open (the install restarts Enlace). Checked at sign-in and
// every few hours; Settings can ask at once.
import { useEffect, useState } from "react";
import { run } from "../api";
import { commands, type AppError } from "../bindings";
import { useCallOpen } from "../calls/openCall";
import { ErrorLine } from "../components/ErrorLine";
import { useL10n } from "../l10n/context";
import { checkForUpdate, postponeUpdate, useUpdateState } from "./updates";

const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

export function UpdateNotice() {
  const { t, locale } = useL10n();
  const { offer } = useUpdateState();
  const callOpen = useCallOpen();
  const [installing, setInstalling] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    void checkForUpdate();
    const timer = window.setInterval(() => void checkForUpdate(), CHECK_EVERY_MS);
    return () => { window.clearInterval(timer); };
  }, []);

  if (offer === null) return null;
  const notes = locale === "es-US" ? offer.notesEs : offer.notesEn;

  const install = async () => {
    setError(null);
    setInstalling(true);
    const result = await run(commands.installUpdate);
    // On success Enlace restarts; only a refusal comes back.
    setInstalling(false);
    if (result.status === "error") setError(result.error);
  };

  return (
    <section className="notice update-notice no-print" aria-labelledby="update-title" data-testid="update-notice">
      <div>
        <h2 id="update-title">{t("update-available", { version: offer.version })}</h2>
        {notes.trim() !== "" && (
          <>
            <h3>{t("update-whats-new")}</h3>
            <p className="update-notes" data-testid="update-notes">
              {notes}
            </p>
          </>
        )}
        {callOpen && <p className="hint">{t("update-call-open")}</p>}
        <ErrorLine error={error} testId="update-error" />
      </div>
      <div className="update-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="update-install"
          disabled={callOpen || installing}
          onClick={() => void install()}
        >
          {installing ? t("update-installing") : t("update-install")}
        </button>
        <button type="button" className="button button-secondary" data-testid="update-later" disabled={installing} onClick={postponeUpdate}>
          {t("update-later")}
        </button>
      </div>
    </section>
  );
}
