// Follow-up tasks overdue by more than a day, whoever they are for: the supervisor sees them
// beside the exception queue and can reassign, snooze, close or open the patient.
import { useCallback } from "react";
import { commands } from "../bindings";
import { LoadError, Loading } from "../components/States";
import { useCommand } from "../hooks/useCommand";
import { useL10n } from "../l10n/context";
import { TaskList } from "../tasks/TaskList";

export function EscalatedTasksPanel({ onOpenPatient }: { onOpenPatient: (id: string) => void }) {
  const { t } = useL10n();
  const load = useCallback(() => commands.escalatedTasks(), []);
  const { state, reload } = useCommand(load);
  return (
    <section className="panel desk-tasks" data-testid="desk-tasks" aria-labelledby="desk-tasks-title">
      <h2 id="desk-tasks-title">{t("desk-tasks-title")}</h2>
      {state.status === "loading" && <Loading />}
      {state.status === "error" && <LoadError error={state.error} onRetry={reload} />}
      {state.status === "ok" &&
        (state.data.length === 0 ? (
          <p className="muted">{t("desk-tasks-none")}</p>
        ) : (
          <TaskList
            rows={state.data}
            onChanged={reload}
            onOpenPatient={onOpenPatient}
            testId="desk-task-list"
            labelledBy="desk-tasks-title"
          />
        ))}
    </section>
  );
}
