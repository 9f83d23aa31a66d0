import { EmptyState } from "../components/States";
import { useFocusOnMount } from "../hooks/useFocusOnMount";
import { useL10n } from "../l10n/context";

/** Enrollment drafts; filled by the enrollment feature. */
export function EnrollmentView() {
  const { t } = useL10n();
  const titleRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="view" aria-labelledby="enrollment-title">
      <header className="view-header">
        <h1 id="enrollment-title" data-testid="page-title" tabIndex={-1} ref={titleRef}>
          {t("enrollment-title")}
        </h1>
      </header>
      <EmptyState titleId="enrollment-empty-title" bodyId="enrollment-empty-body" />
    </section>
  );
}
