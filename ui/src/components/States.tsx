import type { AppError } from "../bindings";
import type { Command } from "../hooks/useCommand";
import { errorArgs } from "../api";
import { useL10n } from "../l10n/context";
import { ERROR_MESSAGES } from "../l10n/messageIds";

export function Loading() {
  const { t } = useL10n();
  return (
    <p className="state state-loading" role="status">
      {t("loading")}
    </p>
  );
}

export function LoadError({ error, onRetry }: { error: AppError; onRetry: () => void }) {
  const { t } = useL10n();
  return (
    <div className="state state-error" role="alert">
      <p className="state-title">{t("load-failed")}</p>
      <p>{t(ERROR_MESSAGES[error.code], errorArgs(error))}</p>
      <button type="button" className="button" onClick={onRetry}>
        {t("retry")}
      </button>
    </div>
  );
}

export function EmptyState({ titleId, bodyId }: { titleId: string; bodyId: string }) {
  const { t } = useL10n();
  return (
    <div className="state state-empty">
      <p className="state-title">{t(titleId)}</p>
      <p>{t(bodyId)}</p>
    </div>
  );
}

/** What a list shows until it has rows: loading, the error with a retry, or (when given) the empty state. */
export function ListStates<T>({ command, empty }: { command: Command<T[]>; empty?: { titleId: string; bodyId: string } }) {
  const { state, reload } = command;
  if (state.status === "loading") return <Loading />;
  if (state.status === "error") return <LoadError error={state.error} onRetry={reload} />;
  if (state.data.length === 0 && empty !== undefined) return <EmptyState titleId={empty.titleId} bodyId={empty.bodyId} />;
  return null;
}
