import type { ReactNode, Ref } from "react";
import { useL10n } from "../l10n/context";

interface Props {
  /** The section's id: its heading is `<section>-title`, in Fluent and in the DOM. */
  section: string;
  /** Where focus lands when the view opens (keyboard-first). */
  titleRef?: Ref<HTMLHeadingElement>;
  children?: ReactNode;
}

/** The heading every view starts with; end-to-end tests find it as `page-title`. */
export function ViewHeader({ section, titleRef, children }: Props) {
  const { t } = useL10n();
  const id = `${section}-title`;
  return (
    <header className="view-header">
      <h1 id={id} data-testid="page-title" tabIndex={-1} ref={titleRef}>
        {t(id)}
      </h1>
      {children}
    </header>
  );
}
