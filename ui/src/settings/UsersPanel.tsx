import { useCallback, useState, type SyntheticEvent } from "react";
import { run } from "../api";
import { commands, type AppError, type Language, type Role, type User } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { LoadError, Loading } from "../components/States";
import { useCommand } from "../hooks/useCommand";
import { LANGUAGES } from "../l10n/bundles";
import { useL10n } from "../l10n/context";
import { LANGUAGE_MESSAGES, ROLE_MESSAGES, ROLES } from "../l10n/messageIds";

/** Supervisors add, disable and re-enable users and reset their passwords. */
export function UsersPanel({ me }: { me: User }) {
  const { t } = useL10n();
  const users = useCommand(useCallback(() => commands.listUsers(), []));
  const [error, setError] = useState<AppError | null>(null);
  const [resetting, setResetting] = useState<string | null>(null);

  async function setActive(user: User, active: boolean) {
    const result = await run(() => commands.setUserActive(user.id, active));
    setError(result.status === "error" ? result.error : null);
    users.reload();
  }

  return (
    <section className="panel settings-panel" aria-labelledby="users-title" data-testid="users-panel">
      <h2 id="users-title">{t("users-title")}</h2>
      <p className="hint">{t("users-help")}</p>
      {users.state.status === "loading" && <Loading />}
      {users.state.status === "error" && <LoadError error={users.state.error} onRetry={users.reload} />}
      {users.state.status === "ok" && (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t("user-display-name")}</th>
              <th scope="col">{t("user-username")}</th>
              <th scope="col">{t("user-roles")}</th>
              <th scope="col">{t("user-languages")}</th>
              <th scope="col">{t("user-status")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("user-actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.state.data.map((user) => (
              <tr key={user.id} data-testid="user-row">
                <td>{user.displayName}</td>
                <td>
                  <code>{user.username}</code>
                </td>
                <td>{user.roles.map((role) => t(ROLE_MESSAGES[role])).join(", ")}</td>
                <td>{user.languages.map((language) => t(LANGUAGE_MESSAGES[language])).join(", ")}</td>
                <td>{user.active ? t("user-active") : t("user-disabled")}</td>
                <td className="row-actions">
                  {user.id !== me.id && (
                    <button
                      type="button"
                      className="button button-small"
                      onClick={() => void setActive(user, !user.active)}
                    >
                      {user.active ? t("user-disable") : t("user-enable")}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => {
                      setResetting(resetting === user.id ? null : user.id);
                    }}
                  >
                    {t("user-reset-password")}
                  </button>
                  {resetting === user.id && (
                    <ResetPasswordForm
                      user={user}
                      onDone={() => {
                        setResetting(null);
                        users.reload();
                      }}
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorLine error={error} testId="users-error" />
      <AddUserForm onAdded={users.reload} />
    </section>
  );
}

function ResetPasswordForm({ user, onDone }: { user: User; onDone: () => void }) {
  const { t } = useL10n();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const result = await run(() => commands.resetPassword(user.id, password));
    if (result.status === "ok") onDone();
    else setError(result.error);
  }
  return (
    <form className="inline-form" onSubmit={(event) => void submit(event)}>
      <label>
        {t("user-new-password", { name: user.displayName })}
        <input
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(event) => {
            setPassword(event.target.value);
          }}
        />
      </label>
      <button type="submit" className="button button-small button-primary">
        {t("user-reset-password-save")}
      </button>
      <ErrorLine error={error} testId="reset-password-error" />
    </form>
  );
}

function AddUserForm({ onAdded }: { onAdded: () => void }) {
  const { t, locale } = useL10n();
  const [displayName, setDisplayName] = useState("");
  const [username, setUsername] = useState("");
  const [roles, setRoles] = useState<Role[]>(["coordinator"]);
  const [languages, setLanguages] = useState<Language[]>(["en-US", "es-US"]);
  const [uiLocale, setUiLocale] = useState<Language>(locale);
  const [password, setPassword] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  function toggle<T>(list: T[], value: T, on: boolean): T[] {
    return on ? [...list.filter((item) => item !== value), value] : list.filter((item) => item !== value);
  }

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    const result = await run(() =>
      commands.addUser({ username, displayName, roles, languages, uiLocale, password }),
    );
    if (result.status === "error") {
      setError(result.error);
      return;
    }
    setError(null);
    setAdded(result.data.displayName);
    setDisplayName("");
    setUsername("");
    setPassword("");
    onAdded();
  }

  return (
    <form
      className="add-user"
      aria-labelledby="add-user-title"
      data-testid="add-user-form"
      onSubmit={(event) => void submit(event)}
    >
      <h3 id="add-user-title">{t("user-add-title")}</h3>
      <div className="field-row">
        <label>
          {t("user-display-name")}
          <input
            required
            value={displayName}
            onChange={(event) => {
              setDisplayName(event.target.value);
            }}
          />
        </label>
        <label>
          {t("user-username")}
          <input
            required
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(event) => {
              setUsername(event.target.value);
            }}
          />
        </label>
        <label>
          {t("user-password")}
          <input
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(event) => {
              setPassword(event.target.value);
            }}
          />
        </label>
      </div>
      <div className="field-row">
        <fieldset className="choices">
          <legend>{t("user-roles")}</legend>
          {ROLES.map((role) => (
            <label key={role} className="choice">
              <input
                type="checkbox"
                checked={roles.includes(role)}
                onChange={(event) => {
                  setRoles(toggle(roles, role, event.target.checked));
                }}
              />
              {t(ROLE_MESSAGES[role])}
            </label>
          ))}
        </fieldset>
        <fieldset className="choices">
          <legend>{t("user-languages")}</legend>
          {LANGUAGES.map((language) => (
            <label key={language} className="choice">
              <input
                type="checkbox"
                checked={languages.includes(language)}
                onChange={(event) => {
                  setLanguages(toggle(languages, language, event.target.checked));
                }}
              />
              <span lang={language}>{t(LANGUAGE_MESSAGES[language])}</span>
            </label>
          ))}
        </fieldset>
        <label>
          {t("user-ui-locale")}
          <select
            value={uiLocale}
            onChange={(event) => {
              setUiLocale(event.target.value as Language);
            }}
          >
            {LANGUAGES.map((language) => (
              <option key={language} value={language} lang={language}>
                {t(LANGUAGE_MESSAGES[language])}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="hint">{t("user-password-rule")}</p>
      <ErrorLine error={error} testId="add-user-error" />
      {added !== null && (
        <p role="status" className="hint" data-testid="user-added">
          {t("user-added", { name: added })}
        </p>
      )}
      <button type="submit" className="button button-primary">
        {t("user-add")}
      </button>
    </form>
  );
}
