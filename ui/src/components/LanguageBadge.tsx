import type { Language } from "../bindings";
import { useL10n } from "../l10n/context";
import { LANGUAGE_MESSAGES } from "../l10n/messageIds";

/** A patient's language, written in that language ("Español", "English"). */
export function LanguageBadge({ language }: { language: Language }) {
  const { t } = useL10n();
  return (
    <span className={`badge badge-language badge-${language}`} lang={language}>
      {t(LANGUAGE_MESSAGES[language])}
    </span>
  );
}
