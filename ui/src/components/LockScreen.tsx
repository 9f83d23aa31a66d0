import { useState, type SyntheticEvent } from "react";
import { run } from "../api";
import { commands, type AppError, type SessionView, type User } from "../bindings";
import { useFocusOnMount } from "../hooks/useFocusOnMount";
import { useL10n } from "../l10n/context";
import { ErrorLine } from "./ErrorLine";
import { LanguageSwitcher } from "./LanguageSwitcher";

interface LockScreenProps {
  user: User;
  onSession: (session: SessionView) => void;
}

/**
 * The whole window while the session is locked, and all of the page: the views are unmounted
 * (App.tsx), so no patient data is in it. Half-typed work waits in drafts.ts for the unlock.
 */
export function LockScreen({ user, onSession }: LockScreenProps) {
  const { t } = useL10n();
  const [secret, setSecret] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const secretRef = useFocusOnMount<HTMLInputElement>();

  async function unlock(event: SyntheticEvent) {
    event.preventDefault();
    setBusy(true);
    const result = await run(() => commands.unlock(secret));
    setBusy(false);
    setSecret("");
    if (result.status === "ok") onSession(result.data);
    else setError(result.error);
  }

  async function switchUser() {
    const result = await run(commands.signOut);
    if (result.status === "ok") onSession(result.data);
    else setError(result.error);
  }

  return (
    <div className="gate lock-screen" data-testid="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-title">
      <form className="gate-card" onSubmit={(event) => void unlock(event)}>
        <div className="gate-top">
          <span className="brand">{t("app-name")}</span>
          <LanguageSwitcher />
        </div>
        <h1 id="lock-title">{t("lock-title")}</h1>
        <p>{t("lock-help", { name: user.displayName })}</p>
        <label className="gate-field">
          {t("lock-secret")}
          <input
            ref={secretRef}
            type="password"
            data-testid="unlock-secret"
            autoComplete="current-password"
            required
            value={secret}
            onChange={(event) => {
              setSecret(event.target.value);
            }}
          />
        </label>
        <ErrorLine error={error} testId="unlock-error" />
        <div className="gate-actions">
          <button type="submit" className="button button-primary" data-testid="unlock-submit" disabled={busy}>
            {t("lock-unlock")}
          </button>
          <button
            type="button"
            className="button"
            data-testid="switch-user"
            onClick={() => {
              void switchUser();
            }}
          >
            {t("lock-switch-user")}
          </button>
        </div>
        <p className="hint">{t("lock-switch-user-help", { name: user.displayName })}</p>
      </form>
    </div>
  );
}
