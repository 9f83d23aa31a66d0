import type { Translate } from "../l10n/translator";
import { useL10n } from "../l10n/context";

/** "Due today", "Due in 3 days" or "2 days overdue"; daysUntilDue < 0 means overdue. */
export function dueText(t: Translate, daysUntilDue: number): string {
  if (daysUntilDue === 0) return t("due-today");
  if (daysUntilDue > 0) return t("due-in-days", { days: daysUntilDue });
  return t("due-overdue", { days: -daysUntilDue });
}

export function DueStatus({ daysUntilDue }: { daysUntilDue: number }) {
  const { t } = useL10n();
  const tone = daysUntilDue < 0 ? "overdue" : daysUntilDue === 0 ? "today" : "soon";
  return <span className={`due due-${tone}`}>{dueText(t, daysUntilDue)}</span>;
}
