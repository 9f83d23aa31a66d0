import { EmptyState } from "../components/States";
import { useFocusOnMount } from "../hooks/useFocusOnMount";
import { useL10n } from "../l10n/context";

/** Consult requests to pharmacists; filled by the consults feature. */
export function ConsultsView() {
  const { t } = useL10n();
  const titleRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="view" aria-labelledby="consults-title">
      <header className="view-header">
        <h1 id="consults-title" data-testid="page-title" tabIndex={-1} ref={titleRef}>
          {t("consults-title")}
        </h1>
      </header>
      <EmptyState titleId="consults-empty-title" bodyId="consults-empty-body" />
    </section>
  );
}
