// "My tasks": the signed-in user's open follow-up tasks (theirs by name, or for a pool they are
// in), the most overdue first, each with its steps.
import { useCallback } from "react";
import { commands } from "../bindings";
import { ViewHeader } from "../components/ViewHeader";
import { EmptyState, LoadError, Loading } from "../components/States";
import { useCommand } from "../hooks/useCommand";
import { useFocusOnMount } from "../hooks/useFocusOnMount";
import { useL10n } from "../l10n/context";
import { TaskList } from "./TaskList";

interface Props {
  onOpenPatient: (id: string) => void;
}

export function MyTasksView({ onOpenPatient }: Props) {
  const { t } = useL10n();
  const titleRef = useFocusOnMount<HTMLHeadingElement>();
  const load = useCallback(() => commands.myTasks(), []);
  const { state, reload } = useCommand(load);

  return (
    <section className="view my-tasks-view" data-testid="my-tasks-view" aria-labelledby="my-tasks-title">
      <ViewHeader section="my-tasks" titleRef={titleRef}>
        {state.status === "ok" && (
          <p className="muted" data-testid="my-tasks-summary" role="status">
            {t("my-tasks-summary", { count: state.data.rows.length, overdue: state.data.overdueCount })}
          </p>
        )}
      </ViewHeader>
      {state.status === "loading" && <Loading />}
      {state.status === "error" && <LoadError error={state.error} onRetry={reload} />}
      {state.status === "ok" &&
        (state.data.rows.length === 0 ? (
          <EmptyState titleId="my-tasks-title" bodyId="my-tasks-empty" />
        ) : (
          <TaskList
            rows={state.data.rows}
            onChanged={reload}
            onOpenPatient={onOpenPatient}
            testId="my-tasks"
            labelledBy="my-tasks-title"
          />
        ))}
    </section>
  );
}
