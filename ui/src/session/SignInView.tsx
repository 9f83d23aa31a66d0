import { useEffect, useState, type SyntheticEvent } from "react";
import { run, type Result } from "../api";
import { commands, type AppError, type ConnectInput, type SessionView } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { LanguageSwitcher } from "../components/LanguageSwitcher";
import { useFocusOnMount } from "../hooks/useFocusOnMount";
import { useL10n } from "../l10n/context";
import { ConnectFields, NO_CONNECTION } from "../settings/SyncPanel";

interface SignInViewProps {
  /** No user exists yet: create the pharmacy's first supervisor instead. */
  firstRun: boolean;
  onSession: (session: SessionView) => void;
}

/** The sign-in form, or on a new pharmacy the form that creates its first supervisor. */
export function SignInView({ firstRun, onSession }: SignInViewProps) {
  const { t, locale } = useL10n();
  const [displayName, setDisplayName] = useState("");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const firstFieldRef = useFocusOnMount<HTMLInputElement>();

  async function submit(event: SyntheticEvent) {
    event.preventDefault();
    setBusy(true);
    const result: Result<SessionView> = firstRun
      ? await run(() =>
          commands.createFirstSupervisor({
            username,
            displayName,
            roles: ["supervisor"],
            languages: [locale],
            uiLocale: locale,
            password,
          }),
        )
      : await run(() => commands.signIn(username, password));
    setBusy(false);
    if (result.status === "ok") {
      onSession(result.data);
    } else {
      setError(result.error);
      setPassword("");
    }
  }

  const title = firstRun ? t("first-run-title") : t("sign-in-title");
  return (
    <div className="gate" data-testid={firstRun ? "first-run" : "sign-in"}>
      <form className="gate-card" aria-labelledby="gate-title" onSubmit={(event) => void submit(event)}>
        <div className="gate-top">
          <span className="brand">{t("app-name")}</span>
          <LanguageSwitcher />
        </div>
        <h1 id="gate-title">{title}</h1>
        {firstRun && <p className="hint">{t("first-run-help")}</p>}
        {firstRun && (
          <label className="gate-field">
            {t("user-display-name")}
            <input
              ref={firstFieldRef}
              autoComplete="name"
              required
              value={displayName}
              onChange={(event) => {
                setDisplayName(event.target.value);
              }}
            />
          </label>
        )}
        <label className="gate-field">
          {t("user-username")}
          <input
            ref={firstRun ? undefined : firstFieldRef}
            data-testid="sign-in-username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(event) => {
              setUsername(event.target.value);
            }}
          />
        </label>
        <label className="gate-field">
          {t("user-password")}
          <input
            type="password"
            data-testid="sign-in-password"
            autoComplete={firstRun ? "new-password" : "current-password"}
            required
            value={password}
            onChange={(event) => {
              setPassword(event.target.value);
            }}
          />
        </label>
        {firstRun && <p className="hint">{t("user-password-rule")}</p>}
        <ErrorLine error={error} testId="sign-in-error" />
        <button type="submit" className="button button-primary" data-testid="sign-in-submit" disabled={busy}>
          {firstRun ? t("first-run-submit") : t("sign-in-submit")}
        </button>
      </form>
      {firstRun && <JoinServer onSession={onSession} />}
    </div>
  );
}

const JOIN_POLL_MS = 2_000;

/**
 * A new laptop for a pharmacy that already uses Enlace: instead of creating a first supervisor,
 * it joins the pharmacy's server with a user's credentials, and waits for the pharmacy's data.
 */
function JoinServer({ onSession }: { onSession: (session: SessionView) => void }) {
  const { t } = useL10n();
  const [open, setOpen] = useState(false);
  const [input, setInput] = useState<ConnectInput>(NO_CONNECTION);
  const [error, setError] = useState<AppError | null>(null);
  const [joined, setJoined] = useState(false);
  // Joined with a coordinator's or pharmacist's sign-in, the computer waits for a supervisor's approval.
  const [awaitingApproval, setAwaitingApproval] = useState(false);

  // Once joined, the users arrive with the first sync: then the sign-in screen shows.
  useEffect(() => {
    if (!joined) return;
    const timer = window.setInterval(() => {
      void run(commands.sessionState).then((result) => {
        if (result.status === "ok" && !result.data.needsFirstUser) onSession(result.data);
      });
      void run(commands.syncStatus).then((result) => {
        if (result.status === "ok") setAwaitingApproval(result.data.phase === "pending");
      });
    }, JOIN_POLL_MS);
    return () => {
      window.clearInterval(timer);
    };
  }, [joined, onSession]);

  async function join(event: SyntheticEvent) {
    event.preventDefault();
    const result = await run(() => commands.joinServer(input));
    if (result.status === "ok") {
      setJoined(true);
      setAwaitingApproval(result.data.phase === "pending");
      setError(null);
    } else {
      setError(result.error);
    }
  }

  if (!open) {
    return (
      <button
        type="button"
        className="button button-secondary gate-secondary"
        data-testid="join-open"
        onClick={() => {
          setOpen(true);
        }}
      >
        {t("join-open")}
      </button>
    );
  }
  return (
    <form className="gate-card" aria-labelledby="join-title" data-testid="join-server" onSubmit={(event) => void join(event)}>
      <h2 id="join-title">{t("join-title")}</h2>
      <p className="hint">{t("join-help")}</p>
      <ConnectFields input={input} onChange={setInput} />
      <ErrorLine error={error} />
      {joined ? (
        <p role="status" data-testid="join-waiting">
          {awaitingApproval ? t("join-waiting-approval") : t("join-waiting")}
        </p>
      ) : (
        <button type="submit" className="button button-primary" data-testid="join-submit">
          {t("join-submit")}
        </button>
      )}
    </form>
  );
}
