// What the signed-in user may do, as the domain's role table says (the session carries it): the
// window offers only that. Every command checks again; this only decides what is shown.
import { createContext, useCallback, useContext, type ReactNode } from "react";
import type { Action } from "./bindings";

const Permitted = createContext<readonly Action[]>([]);

export function PermittedProvider({ permitted, children }: { permitted: readonly Action[]; children: ReactNode }) {
  return <Permitted.Provider value={permitted}>{children}</Permitted.Provider>;
}

/** `can("view-audit")`: whether the signed-in user's roles permit the action. */
export function useCan(): (action: Action) => boolean {
  const permitted = useContext(Permitted);
  return useCallback((action: Action) => permitted.includes(action), [permitted]);
}
