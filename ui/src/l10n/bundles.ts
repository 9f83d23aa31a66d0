// Builds one FluentBundle per interface locale from every .ftl file under locales/<locale>/
// (the same files the Rust side reads). Pure module: no React, usable from tests.
import { FluentBundle, FluentResource } from "@fluent/bundle";
import type { Language } from "../bindings";

export const LANGUAGES = ["en-US", "es-US"] as const satisfies readonly Language[];
export const DEFAULT_LANGUAGE: Language = "en-US";

export type MessageArgs = Record<string, string | number>;

/** Raw text of every locales/<locale>/<file>.ftl, keyed by path relative to this module. */
const ftlSources = import.meta.glob<string>("../../../locales/*/*.ftl", {
  query: "?raw",
  import: "default",
  eager: true,
});

export interface FtlFile {
  locale: string;
  file: string;
  text: string;
}

export function ftlFiles(): FtlFile[] {
  const files: FtlFile[] = [];
  for (const [path, text] of Object.entries(ftlSources)) {
    const match = /locales\/([^/]+)\/([^/]+\.ftl)$/.exec(path);
    if (match?.[1] !== undefined && match[2] !== undefined) {
      files.push({ locale: match[1], file: match[2], text });
    }
  }
  return files.sort((a, b) => a.file.localeCompare(b.file));
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}

/** Picks the interface locale closest to a BCP 47 tag such as navigator.language. */
export function negotiateLanguage(tag: string | null | undefined): Language {
  if (isLanguage(tag)) return tag;
  const primary = tag?.toLowerCase().split(/[-_]/)[0];
  return primary === "es" ? "es-US" : DEFAULT_LANGUAGE;
}

/**
 * The runtime parser of @fluent/bundle skips malformed entries silently. An entry that
 * starts a line as `id =` or `-term =` but is missing from the parsed resource was junk.
 */
function junkEntries(text: string, resource: FluentResource): string[] {
  const parsed = new Set(resource.body.map((entry) => entry.id));
  const declared = text.matchAll(/^(-?[a-zA-Z][\w-]*)\s*=/gm);
  return [...declared].map((m) => m[1] ?? "").filter((id) => !parsed.has(id.replace(/^-/, "")) && !parsed.has(id));
}

export interface BuiltBundles {
  bundles: Record<Language, FluentBundle>;
  /** Parse and registration problems, "<locale>/<file>: <problem>". */
  errors: string[];
}

export function buildBundles(files: FtlFile[] = ftlFiles()): BuiltBundles {
  const errors: string[] = [];
  const make = (locale: Language): FluentBundle => {
    // Isolation marks stay on: placeables (names, numbers) are isolated for display.
    const bundle = new FluentBundle(locale);
    const mine = files.filter((f) => f.locale === locale);
    if (mine.length === 0) errors.push(`${locale}: no .ftl files found`);
    for (const { file, text } of mine) {
      const resource = new FluentResource(text);
      for (const id of junkEntries(text, resource)) {
        errors.push(`${locale}/${file}: could not parse "${id}"`);
      }
      for (const error of bundle.addResource(resource)) {
        errors.push(`${locale}/${file}: ${error.message}`);
      }
    }
    return bundle;
  };
  return { bundles: { "en-US": make("en-US"), "es-US": make("es-US") }, errors };
}

export interface Formatted {
  text: string;
  errors: string[];
}

/** Formats message `id` (or `id.attribute`); a missing message yields the id itself. */
export function formatMessage(bundle: FluentBundle, id: string, args?: MessageArgs): Formatted {
  const [messageId = id, attribute] = id.split(".", 2);
  const message = bundle.getMessage(messageId);
  const pattern = attribute === undefined ? message?.value : message?.attributes[attribute];
  if (!pattern) {
    return { text: id, errors: [`missing message "${id}" in ${bundle.locales.join(",")}`] };
  }
  const problems: Error[] = [];
  const text = bundle.formatPattern(pattern, args, problems);
  return { text, errors: problems.map((e) => `${id}: ${e.message}`) };
}

/** Removes the Unicode isolation marks (U+2068, U+2069) Fluent puts around placeables. */
export function stripIsolation(text: string): string {
  return text.replace(/[\u2068\u2069]/g, "");
}
