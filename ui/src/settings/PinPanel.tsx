import { useState, type SyntheticEvent } from "react";
import { run } from "../api";
import { ErrorLine } from "../components/ErrorLine";
import { commands, type AppError } from "../bindings";
import { useL10n } from "../l10n/context";

/** Everyone may set a short PIN that unlocks their own locked session (never signs in). */
export function PinPanel() {
  const { t } = useL10n();
  const [pin, setPin] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [saved, setSaved] = useState<"set" | "removed" | null>(null);

  async function save(next: string | null) {
    const result = await run(() => commands.setOwnPin(next));
    setPin("");
    if (result.status === "ok") {
      setError(null);
      setSaved(next === null ? "removed" : "set");
    } else {
      setError(result.error);
      setSaved(null);
    }
  }

  return (
    <section className="panel settings-panel" aria-labelledby="pin-title">
      <h2 id="pin-title">{t("pin-title")}</h2>
      <p className="hint">{t("pin-help")}</p>
      <form
        className="field-row"
        onSubmit={(event: SyntheticEvent) => {
          event.preventDefault();
          void save(pin);
        }}
      >
        <label>
          {t("pin-label")}
          <input
            type="password"
            inputMode="numeric"
            autoComplete="off"
            required
            value={pin}
            onChange={(event) => {
              setPin(event.target.value);
            }}
          />
        </label>
        <button type="submit" className="button button-primary">
          {t("pin-save")}
        </button>
        <button type="button" className="button" onClick={() => void save(null)}>
          {t("pin-remove")}
        </button>
      </form>
      {saved !== null && (
        <p role="status" className="hint">
          {saved === "set" ? t("pin-saved") : t("pin-removed")}
        </p>
      )}
      <ErrorLine error={error} />
    </section>
  );
}
