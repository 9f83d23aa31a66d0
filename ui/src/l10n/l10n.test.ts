import {
  parse,
  Junk,
  Message,
  Pattern,
  Placeable,
  SelectExpression,
  VariableReference,
  type Entry,
} from "@fluent/syntax";
import { describe, expect, it } from "vitest";
import { SECTIONS } from "../App";
import { TAG_MESSAGES } from "../components/Tag";
import { FIELD_LABEL_MESSAGES } from "../enrollment/enrollmentFields";
import {
  buildBundles,
  formatMessage,
  ftlFiles,
  LANGUAGES,
  negotiateLanguage,
  stripIsolation,
  type MessageArgs,
} from "./bundles";
import {
  CHANNEL_MESSAGES,
  DIRECTION_MESSAGES,
  PARTIES,
  PARTY_MESSAGES,
  REASONS,
  REASON_MESSAGES,
  TASK_EVENT_MESSAGES,
  TASK_PROBLEM_MESSAGES,
  CHANNELS,
  DISPOSITION_MESSAGES,
  DISPOSITIONS,
  ERROR_CODES,
  ERROR_MESSAGES,
  ROLE_MESSAGES,
  ROLES,
  CONSULT_REASON_MESSAGES,
  CONSULT_REASONS,
  URGENCY_MESSAGES,
  URGENCIES,
  CONSULT_STATUS_MESSAGES,
  CONSULT_STATUSES,
  SETTINGS_PROBLEM_MESSAGES,
  SETTINGS_PROBLEMS,
  AVAILABILITY_PROBLEM_MESSAGES,
  AVAILABILITY_PROBLEMS,
  CARDHOLDER_MESSAGES,
  CARDHOLDER_RELATIONSHIPS,
  ENROLLMENT_PROBLEM_MESSAGES,
  FIELD_ERROR_MESSAGES,
  FIELD_ERRORS,
  SEX_MESSAGES,
  SEXES,
  SYNC_ERROR_MESSAGES,
  SYNC_NOTICE_MESSAGES,
  SYNC_PHASE_MESSAGES,
  SYNC_PHASES,
  WEB_REQUEST_KIND_MESSAGES,
  EXCEPTION_KINDS,
  EXCEPTION_KIND_MESSAGES,
  EXCEPTION_OUTCOME_MESSAGES,
  EXCEPTION_PROBLEM_MESSAGES,
  SEVERITY_MESSAGES,
  AUDIT_ACTION_MESSAGES,
  AUDIT_ACTIONS,
  AUDIT_ENTITY_MESSAGES,
  LANGUAGE_MESSAGES,
  PHONE_KIND_MESSAGES,
  PHONE_KINDS,
} from "./messageIds";
import { createTranslator } from "./translator";

const { bundles, errors } = buildBundles();

/** Formats in `locale`, failing the test on any Fluent error; isolation marks removed. */
function format(locale: (typeof LANGUAGES)[number], id: string, args?: MessageArgs): string {
  const result = formatMessage(bundles[locale], id, args);
  expect(result.errors, `${locale} ${id}`).toEqual([]);
  return stripIsolation(result.text);
}

// ---- Fluent syntax: variables and selectors of every message, per locale and file ----

interface MessageShape {
  hasValue: boolean;
  attributes: string[];
  variables: string[];
  /** Variables used as selectors (plural categories need numbers). */
  selectors: string[];
}

function collect(node: unknown, shape: { variables: Set<string>; selectors: Set<string> }): void {
  if (node instanceof VariableReference) shape.variables.add(node.id.name);
  if (node instanceof SelectExpression && node.selector instanceof VariableReference) {
    shape.selectors.add(node.selector.id.name);
  }
  if (node instanceof Placeable) collect(node.expression, shape);
  if (node instanceof SelectExpression) {
    collect(node.selector, shape);
    for (const variant of node.variants) collect(variant.value, shape);
  }
  if (node instanceof Pattern) for (const element of node.elements) collect(element, shape);
}

function shapes(text: string): { junk: string[]; messages: Map<string, MessageShape> } {
  const resource = parse(text, {});
  const junk = resource.body.filter((e: Entry): e is Junk => e instanceof Junk).map((j) => j.content.trim());
  const messages = new Map<string, MessageShape>();
  for (const entry of resource.body) {
    if (!(entry instanceof Message)) continue;
    const found = { variables: new Set<string>(), selectors: new Set<string>() };
    collect(entry.value, found);
    for (const attribute of entry.attributes) collect(attribute.value, found);
    messages.set(entry.id.name, {
      hasValue: entry.value !== null,
      attributes: entry.attributes.map((a) => a.id.name).sort(),
      variables: [...found.variables].sort(),
      selectors: [...found.selectors].sort(),
    });
  }
  return { junk, messages };
}

const files = ftlFiles();
const byLocale = (locale: string) => files.filter((f) => f.locale === locale);

describe("Fluent resources", () => {
  it("load both locales with zero Fluent errors", () => {
    expect(errors).toEqual([]);
    for (const locale of LANGUAGES) {
      expect(byLocale(locale).map((f) => f.file)).toEqual(expect.arrayContaining(["app.ftl", "errors.ftl"]));
    }
    expect(byLocale("es-US").map((f) => f.file)).toEqual(byLocale("en-US").map((f) => f.file));
  });

  it("parse without junk", () => {
    for (const file of files) expect(shapes(file.text).junk, `${file.locale}/${file.file}`).toEqual([]);
  });

  it("have the same messages, attributes and variables in en-US and es-US", () => {
    for (const { file, text } of byLocale("en-US")) {
      const other = byLocale("es-US").find((f) => f.file === file);
      expect(other, `es-US/${file}`).toBeDefined();
      const en = shapes(text).messages;
      const es = shapes(other?.text ?? "").messages;
      expect([...es.keys()].sort(), file).toEqual([...en.keys()].sort());
      for (const [id, shape] of en) expect(es.get(id), `${file} ${id}`).toEqual(shape);
    }
  });

  it("format every message in both locales without errors", () => {
    for (const { locale, text } of files) {
      if (locale !== "en-US" && locale !== "es-US") continue;
      for (const [id, shape] of shapes(text).messages) {
        const args: MessageArgs = {};
        for (const name of shape.variables) args[name] = shape.selectors.includes(name) ? 3 : "sample";
        const ids = [...(shape.hasValue ? [id] : []), ...shape.attributes.map((attribute) => `${id}.${attribute}`)];
        for (const full of ids) {
          const formatted = format(locale, full, args);
          expect(formatted, `${locale} ${full}`).not.toContain("{");
          expect(formatted.trim(), `${locale} ${full}`).not.toBe("");
        }
      }
    }
  });

  it("keep isolation marks on for display", () => {
    expect(formatMessage(bundles["en-US"], "call-list-summary", { count: 3 }).text).toContain("\u2068");
  });
});

// ---- Message ids referenced from code ----

/** The app's own source (not tests, not the generated bindings), as text. */
const sources = import.meta.glob<string>(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}", "!../testing/**", "!../bindings.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});

/** Ids in `t("…")` calls (also in `t(cond ? "a" : "b")`) and in titleId/bodyId props. */
function idsUsedInSource(): Set<string> {
  const ids = new Set<string>();
  for (const code of Object.values(sources)) {
    for (const call of code.matchAll(/\bt\(([^,()]*)/g)) {
      for (const literal of (call[1] ?? "").matchAll(/"([^"]+)"/g)) ids.add(literal[1] ?? "");
    }
    for (const prop of code.matchAll(/\b(?:titleId|bodyId)="([^"]+)"/g)) ids.add(prop[1] ?? "");
  }
  return ids;
}

const enumerated: Record<string, readonly string[]> = {
  channels: CHANNELS.map((c) => CHANNEL_MESSAGES[c]),
  directions: Object.values(DIRECTION_MESSAGES),
  parties: PARTIES.map((p) => PARTY_MESSAGES[p]),
  reasons: REASONS.map((r) => REASON_MESSAGES[r]),
  "task events": Object.values(TASK_EVENT_MESSAGES),
  "task problems": Object.values(TASK_PROBLEM_MESSAGES),
  dispositions: DISPOSITIONS.map((d) => DISPOSITION_MESSAGES[d]),
  "phone kinds": PHONE_KINDS.map((k) => PHONE_KIND_MESSAGES[k]),
  languages: LANGUAGES.map((l) => LANGUAGE_MESSAGES[l]),
  "error codes": ERROR_CODES.map((c) => ERROR_MESSAGES[c]),
  roles: ROLES.map((r) => ROLE_MESSAGES[r]),
  "consult reasons": CONSULT_REASONS.map((r) => CONSULT_REASON_MESSAGES[r]),
  urgencies: URGENCIES.map((u) => URGENCY_MESSAGES[u]),
  "consult statuses": CONSULT_STATUSES.map((s) => CONSULT_STATUS_MESSAGES[s]),
  "settings problems": SETTINGS_PROBLEMS.map((p) => SETTINGS_PROBLEM_MESSAGES[p]),
  "availability problems": AVAILABILITY_PROBLEMS.map((p) => AVAILABILITY_PROBLEM_MESSAGES[p]),
  "field errors": FIELD_ERRORS.map((e) => FIELD_ERROR_MESSAGES[e]),
  "sync phases": SYNC_PHASES.map((p) => SYNC_PHASE_MESSAGES[p]),
  "sync errors": Object.values(SYNC_ERROR_MESSAGES).filter((id) => id !== undefined),
  "sync notices": Object.values(SYNC_NOTICE_MESSAGES),
  "web request kinds": Object.values(WEB_REQUEST_KIND_MESSAGES),
  "exception kinds": EXCEPTION_KINDS.map((k) => EXCEPTION_KIND_MESSAGES[k]),
  "exception outcomes": Object.values(EXCEPTION_OUTCOME_MESSAGES),
  "exception problems": Object.values(EXCEPTION_PROBLEM_MESSAGES),
  severities: Object.values(SEVERITY_MESSAGES),
  "import errors": FIELD_ERRORS.map((e) => `import-error-${e}`),
  "enrollment problems": Object.values(ENROLLMENT_PROBLEM_MESSAGES),
  "enrollment field labels": FIELD_LABEL_MESSAGES,
  sexes: SEXES.map((s) => SEX_MESSAGES[s]),
  "cardholder relationships": CARDHOLDER_RELATIONSHIPS.map((r) => CARDHOLDER_MESSAGES[r]),
  "audit actions": AUDIT_ACTIONS.map((a) => AUDIT_ACTION_MESSAGES[a]),
  "audit entities": Object.values(AUDIT_ENTITY_MESSAGES).filter((id) => id !== undefined),
  sections: SECTIONS.map((s) => s.label),
  tags: Object.values(TAG_MESSAGES),
};

/** Arguments the Rust side always sends with these messages. */
const SAMPLE_ARGS: Record<string, MessageArgs> = {
  "error-sign-in-wait": { seconds: 30 },
  "error-backup-passphrase-short": { minimum: 12 },
  ...Object.fromEntries(Object.values(TASK_EVENT_MESSAGES).map((id) => [id, { who: "Ana Rivera" }])),
  ...Object.fromEntries(
    Object.values(SYNC_NOTICE_MESSAGES).map((id) => [id, { patient: "Itzel Ñáñez", what: "consult" }]),
  ),
};

describe("message ids used by the code", () => {
  it("cover every value of the bindings enumerations", () => {
    expect(CHANNELS).toHaveLength(8);
    expect(DISPOSITIONS).toHaveLength(9);
    expect(PHONE_KINDS).toHaveLength(3);
    expect(ERROR_CODES).toHaveLength(61);
    expect(EXCEPTION_KINDS).toHaveLength(9);
    expect(ERROR_MESSAGES["store-wrong-key"]).toBe("error-store-wrong-key");
  });

  for (const [group, ids] of Object.entries(enumerated)) {
    it(`exist and format in both locales: ${group}`, () => {
      for (const locale of LANGUAGES) {
        for (const id of ids) expect(bundles[locale].hasMessage(id), `${locale} ${id}`).toBe(true);
        for (const id of ids) {
          expect(format(locale, id, SAMPLE_ARGS[id]).length, `${locale} ${id}`).toBeGreaterThan(0);
        }
      }
    });
  }

  it("exist in both locales for every literal id in the source", () => {
    expect(Object.keys(sources).length).toBeGreaterThan(15);
    const ids = idsUsedInSource();
    expect(ids.size).toBeGreaterThan(80);
    for (const locale of LANGUAGES) {
      const missing = [...ids].filter((id) => !bundles[locale].hasMessage(id));
      expect(missing, locale).toEqual([]);
    }
  });
});

describe("plurals", () => {
  const cases: [string, string, MessageArgs, string, string][] = [
    ["call-list-summary", "count", { count: 1 }, "1 patient to call", "1 paciente por llamar"],
    ["call-list-summary", "count", { count: 3 }, "3 patients to call", "3 pacientes por llamar"],
    ["due-in-days", "days", { days: 1 }, "Due in 1 day", "Toca resurtir en 1 día"],
    ["due-in-days", "days", { days: 3 }, "Due in 3 days", "Toca resurtir en 3 días"],
    ["due-overdue", "days", { days: 1 }, "1 day overdue", "1 día de atraso"],
    ["due-overdue", "days", { days: 3 }, "3 days overdue", "3 días de atraso"],
    ["patients-count", "count", { count: 1 }, "1 patient", "1 paciente"],
    ["patients-count", "count", { count: 3 }, "3 patients", "3 pacientes"],
  ];
  for (const [id, , args, en, es] of cases) {
    it(`${id} with ${JSON.stringify(args)}`, () => {
      expect(format("en-US", id, args)).toBe(en);
      expect(format("es-US", id, args)).toBe(es);
    });
  }

  it("group large counts by locale", () => {
    expect(format("en-US", "call-list-summary", { count: 1200 })).toBe("1,200 patients to call");
  });
});

describe("translator", () => {
  it("switching locale changes a label", () => {
    expect(createTranslator("en-US")("nav-settings")).toBe("Settings");
    expect(createTranslator("es-US")("nav-settings")).toBe("Configuración");
    expect(createTranslator("en-US")("nav-call-list")).toBe("Call list");
    expect(createTranslator("es-US")("nav-call-list")).toBe("Lista de llamadas");
  });

  it("returns the id of a missing message", () => {
    expect(createTranslator("es-US")("no-such-message")).toBe("no-such-message");
  });

  it("negotiates the interface locale from a browser language", () => {
    expect(negotiateLanguage("es-US")).toBe("es-US");
    expect(negotiateLanguage("es-MX")).toBe("es-US");
    expect(negotiateLanguage("es")).toBe("es-US");
    expect(negotiateLanguage("en-GB")).toBe("en-US");
    expect(negotiateLanguage("fr-FR")).toBe("en-US");
    expect(negotiateLanguage(undefined)).toBe("en-US");
  });
});
