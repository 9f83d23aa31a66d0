import { createContext, useContext } from "react";
import type { AppError } from "../bindings";

/** Receives every failed command; the app shell turns store errors into the fatal panel. */
export const ReportErrorContext = createContext<(error: AppError) => void>(() => undefined);

export function useReportError(): (error: AppError) => void {
  return useContext(ReportErrorContext);
}
