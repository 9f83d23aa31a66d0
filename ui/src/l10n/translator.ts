import type { Language } from "../bindings";
import { buildBundles, formatMessage, type MessageArgs } from "./bundles";

export type Translate = (id: string, args?: MessageArgs) => string;

const built = buildBundles();
if (import.meta.env.DEV) {
  for (const error of built.errors) console.error(`[l10n] ${error}`);
}

const reported = new Set<string>();
function report(problem: string): void {
  if (reported.has(problem)) return;
  reported.add(problem);
  console.error(`[l10n] ${problem}`);
}

/** A translator for one interface locale; a missing message renders as its id and is logged. */
export function createTranslator(locale: Language): Translate {
  const bundle = built.bundles[locale];
  return (id, args) => {
    const { text, errors } = formatMessage(bundle, id, args);
    for (const error of errors) report(error);
    return text;
  };
}

export function bundleErrors(): readonly string[] {
  return built.errors;
}
