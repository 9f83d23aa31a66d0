import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { run } from "../api";
import { commands, type Language } from "../bindings";
import { L10nContext, type L10n, type SetLocaleOptions } from "./context";
import { createTranslator } from "./translator";

interface Props {
  initialLocale: Language;
  /** Called when the user picks a locale that should be remembered. */
  onRemember: (locale: Language) => void;
  children: ReactNode;
}

/** The last switch's time, for the performance harness (read over WebDriver and marked over IPC). */
function reportLocaleSwitch(milliseconds: number): void {
  (window as unknown as { __enlaceLocaleSwitchMs?: number }).__enlaceLocaleSwitchMs = milliseconds;
  void run(() => commands.perfMark("locale-switch", milliseconds));
}

export function L10nProvider({ initialLocale, onRemember, children }: Props) {
  const [locale, setLocaleState] = useState<Language>(initialLocale);

  // The document's language follows just after the switched screen is painted: changing it
  // restyles every element (fonts are chosen per language), which the new words need not wait for.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      document.documentElement.lang = locale;
      return;
    }
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => {
        document.documentElement.lang = locale;
      });
    });
    return () => {
      cancelAnimationFrame(frame);
    };
  }, [locale]);

  const setLocale = useCallback(
    (next: Language, options?: SetLocaleOptions) => {
      const started = performance.now();
      setLocaleState(next);
      if (options?.remember !== false) onRemember(next);
      // The switch is done when the repainted screen is on it: two animation frames later.
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          reportLocaleSwitch(performance.now() - started);
        }),
      );
    },
    [onRemember],
  );

  const value = useMemo<L10n>(() => ({ locale, t: createTranslator(locale), setLocale }), [locale, setLocale]);
  return <L10nContext value={value}>{children}</L10nContext>;
}
