import { useL10n } from "../l10n/context";

export type TagKind = "critical" | "renewal-needed" | "outside-window" | "consult-requested" | "consult-scheduled";

export const TAG_MESSAGES: Record<TagKind, string> = {
  critical: "tag-critical",
  "renewal-needed": "tag-renewal-needed",
  "outside-window": "call-window-outside",
  "consult-requested": "tag-consult-requested",
  "consult-scheduled": "tag-consult-scheduled",
};

export function Tag({ kind }: { kind: TagKind }) {
  const { t } = useL10n();
  return <span className={`tag tag-${kind}`}>{t(TAG_MESSAGES[kind])}</span>;
}
