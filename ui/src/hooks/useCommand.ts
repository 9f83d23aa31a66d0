import { useCallback, useEffect, useState } from "react";
import { run, type Result } from "../api";
import type { AppError } from "../bindings";
import { useReportError } from "./useReportError";

export type CommandState<T> = { status: "loading" } | { status: "ok"; data: T } | { status: "error"; error: AppError };

export interface Command<T> {
  state: CommandState<T>;
  /** A newer request is in flight; `state` still shows the previous successful result. */
  pending: boolean;
  reload: () => void;
}

interface Settled<T> {
  load: () => Promise<Result<T>>;
  attempt: number;
  result: Result<T>;
}

/**
 * Runs `load` (keep it stable with useCallback) whenever it changes, and again on reload().
 * Failures are reported to the shell, which shows the fatal panel for store errors.
 */
export function useCommand<T>(load: () => Promise<Result<T>>): Command<T> {
  const reportError = useReportError();
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);

  useEffect(() => {
    let active = true;
    void run(load).then((result) => {
      if (!active) return;
      if (result.status === "error") reportError(result.error);
      setSettled({ load, attempt, result });
    });
    return () => {
      active = false;
    };
  }, [load, attempt, reportError]);

  const reload = useCallback(() => {
    setAttempt((n) => n + 1);
  }, []);

  const pending = settled === null || settled.load !== load || settled.attempt !== attempt;
  let state: CommandState<T>;
  if (settled === null || (pending && settled.result.status === "error")) {
    state = { status: "loading" };
  } else if (settled.result.status === "ok") {
    state = { status: "ok", data: settled.result.data };
  } else {
    state = { status: "error", error: settled.result.error };
  }
  return { state, pending, reload };
}
