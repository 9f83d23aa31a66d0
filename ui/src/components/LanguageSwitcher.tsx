import { isLanguage, LANGUAGES } from "../l10n/bundles";
import { useL10n } from "../l10n/context";
import { LANGUAGE_MESSAGES } from "../l10n/messageIds";

/** The interface language control in the header: changes every string at once. */
export function LanguageSwitcher() {
  const { locale, t, setLocale } = useL10n();
  return (
    <label className="language-switcher">
      <span className="language-switcher-label">{t("header-language-label")}</span>
      <select
        data-testid="language-switcher"
        value={locale}
        onChange={(event) => {
          if (isLanguage(event.target.value)) setLocale(event.target.value);
        }}
      >
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(LANGUAGE_MESSAGES[language])}
          </option>
        ))}
      </select>
    </label>
  );
}
