import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Language } from "../bindings";
import { L10nContext, type L10n, type SetLocaleOptions } from "./context";
import { createTranslator } from "./translator";

interface Props {
  initialLocale: Language;
  /** Called when the user picks a locale that should be remembered. */
  onRemember: (locale: Language) => void;
  children: ReactNode;
}

export function L10nProvider({ initialLocale, onRemember, children }: Props) {
  const [locale, setLocaleState] = useState<Language>(initialLocale);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback(
    (next: Language, options?: SetLocaleOptions) => {
      setLocaleState(next);
      if (options?.remember !== false) onRemember(next);
    },
    [onRemember],
  );

  const value = useMemo<L10n>(() => ({ locale, t: createTranslator(locale), setLocale }), [locale, setLocale]);
  return <L10nContext value={value}>{children}</L10nContext>;
}
