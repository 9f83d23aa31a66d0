// Beside the call list: how many of the signed-in user's tasks are due now, and the way to them.
import { useCallback } from "react";
import { commands } from "../bindings";
import { useCommand } from "../hooks/useCommand";
import { useL10n } from "../l10n/context";

export function TasksDueLink({ onShowTasks }: { onShowTasks: () => void }) {
  const { t } = useL10n();
  const load = useCallback(() => commands.myTasks(), []);
  const { state } = useCommand(load);
  if (state.status !== "ok" || state.data.overdueCount === 0) return null;
  return (
    <button type="button" className="button button-small no-print" data-testid="tasks-due" onClick={onShowTasks}>
      {t("my-tasks-link", { count: state.data.overdueCount })}
    </button>
  );
}
