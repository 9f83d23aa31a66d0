// The desk: the exception queue, productivity and (for supervisors) follow-up tasks overdue by more
// than a day and the team's adherence list.
// A supervisor works every item; a coordinator sees what was assigned to them and their own figures.
import { useState } from "react";
import type { PharmacySettings } from "../bindings";
import { ViewHeader } from "../components/ViewHeader";
import { useFocusOnMount } from "../hooks/useFocusOnMount";
import { useL10n } from "../l10n/context";
import { TeamAdherencePanel } from "../patients/AdherencePanels";
import { EscalatedTasksPanel } from "./EscalatedTasksPanel";
import { ExceptionQueuePanel } from "./ExceptionQueuePanel";
import { ProductivityPanel } from "./ProductivityPanel";
import { useCan } from "../permissions";

type Tab = "exceptions" | "tasks" | "productivity" | "adherence";

const TAB_MESSAGES: Record<Tab, string> = {
  exceptions: "desk-tab-exceptions",
  tasks: "desk-tab-tasks",
  productivity: "desk-tab-productivity",
  adherence: "desk-tab-adherence",
};

interface Props {
  pharmacy: PharmacySettings | null;
  onOpenPatient: (id: string) => void;
}

export function DeskView({ pharmacy, onOpenPatient }: Props) {
  const { t } = useL10n();
  const titleRef = useFocusOnMount<HTMLHeadingElement>();
  const can = useCan();
  // Working every item and seeing the team's figures go together (both the supervisor's).
  const supervisor = can("work-exceptions");
  const tabs: Tab[] = can("view-team-reports")
    ? ["exceptions", "tasks", "productivity", "adherence"]
    : ["exceptions", "productivity"];
  const [tab, setTab] = useState<Tab>("exceptions");

  function onTabKey(event: React.KeyboardEvent<HTMLButtonElement>) {
    // Arrow keys move between tabs, as in any tab list.
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length] ?? tab;
    setTab(next);
    document.getElementById(`desk-tab-${next}`)?.focus();
  }

  return (
    <section className="view" aria-labelledby="desk-title" data-testid="desk-view">
      <ViewHeader section="desk" titleRef={titleRef} />
      <div role="tablist" aria-label={t("desk-tabs")} className="tabs">
        {tabs.map((option) => (
          <button
            key={option}
            id={`desk-tab-${option}`}
            type="button"
            role="tab"
            className="tab"
            data-testid={`desk-tab-${option}`}
            aria-selected={tab === option}
            aria-controls="desk-panel"
            tabIndex={tab === option ? 0 : -1}
            onKeyDown={onTabKey}
            onClick={() => {
              setTab(option);
            }}
          >
            {t(TAB_MESSAGES[option])}
          </button>
        ))}
      </div>
      <div id="desk-panel" role="tabpanel" aria-labelledby={`desk-tab-${tab}`}>
        {tab === "exceptions" && <ExceptionQueuePanel supervisor={supervisor} onOpenPatient={onOpenPatient} />}
        {tab === "tasks" && supervisor && <EscalatedTasksPanel onOpenPatient={onOpenPatient} />}
        {tab === "productivity" && <ProductivityPanel supervisor={can("view-team-reports")} pharmacy={pharmacy} />}
        {tab === "adherence" && can("view-team-reports") && <TeamAdherencePanel onOpenPatient={onOpenPatient} />}
      </div>
    </section>
  );
}
