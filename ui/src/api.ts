// Thin helpers over bindings.ts: every command result is checked to be a well-formed AppError
// on failure, and a thrown exception (no Tauri bridge, unknown command) becomes `internal`.
import type { AppError, ErrorCode } from "./bindings";
import { ERROR_CODES } from "./l10n/messageIds";

/** What every command in bindings.ts resolves to. */
export type Result<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

/**
 * Errors meaning the encrypted store cannot be opened (or, with `--demo`, must not be: it holds a
 * pharmacy's own data): the app shows no patient data, only what went wrong.
 */
export const STORE_ERROR_CODES: readonly ErrorCode[] = [
  "store-key-missing",
  "store-wrong-key",
  "keyring-unavailable",
  "store-unavailable",
  "demo-refused",
];

export function isStoreError(error: AppError): boolean {
  return STORE_ERROR_CODES.includes(error.code);
}

const INTERNAL: AppError = { code: "internal", args: {}, problems: [] };

function asAppError(value: unknown): AppError {
  if (typeof value === "object" && value !== null && "code" in value) {
    const { code, args, problems } = value as { code: unknown; args?: unknown; problems?: unknown };
    const safeProblems = Array.isArray(problems)
      ? problems.filter((problem): problem is string => typeof problem === "string")
      : [];
    if ((ERROR_CODES as readonly unknown[]).includes(code)) {
      const safeArgs: Record<string, string> = {};
      if (typeof args === "object" && args !== null) {
        for (const [key, value] of Object.entries(args)) {
          if (typeof value === "string") safeArgs[key] = value;
        }
      }
      return { code: code as ErrorCode, args: safeArgs, problems: safeProblems };
    }
  }
  return INTERNAL;
}

export async function run<T>(command: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    const result = await command();
    if (result.status === "ok") return result;
    const error = asAppError(result.error);
    if (error === INTERNAL) console.error("[api] command failed:", result.error);
    return { status: "error", error };
  } catch (exception) {
    console.error("[api] command threw:", exception);
    return { status: "error", error: INTERNAL };
  }
}

/** The error's arguments as Fluent variables. */
export function errorArgs(error: AppError): Record<string, string> {
  return { ...error.args };
}
