import { createContext, useContext } from "react";
import type { Language } from "../bindings";
import type { Translate } from "./translator";

export interface SetLocaleOptions {
  /** Save the choice on this device (default true). */
  remember?: boolean;
}

export interface L10n {
  locale: Language;
  t: Translate;
  setLocale: (locale: Language, options?: SetLocaleOptions) => void;
}

export const L10nContext = createContext<L10n | null>(null);

export function useL10n(): L10n {
  const value = useContext(L10nContext);
  if (value === null) throw new Error("useL10n must be used inside <L10nProvider>");
  return value;
}
