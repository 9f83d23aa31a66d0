import { EmptyState } from "../components/States";
import { ViewHeader } from "../components/ViewHeader";
import { useFocusOnMount } from "../hooks/useFocusOnMount";

/** A section whose feature has no records yet (consult requests, enrollment drafts): its heading and why it is empty. */
export function EmptySectionView({ section }: { section: "consults" | "enrollment" }) {
  const titleRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="view" aria-labelledby={`${section}-title`}>
      <ViewHeader section={section} titleRef={titleRef} />
      <EmptyState titleId={`${section}-empty-title`} bodyId={`${section}-empty-body`} />
    </section>
  );
}
