// The update the pharmacy's server offers this computer, shared by the banner and Settings. Rust
// asks the server and keeps the update for the install; the UI only shows what is offered.
import { useSyncExternalStore } from "react";
import { run } from "../api";
import { commands, type AppError, type UpdateOffer } from "../bindings";

export interface UpdateState {
  offer: UpdateOffer | null;
  /** The last check's answer when it found nothing: up to date, or why it could not ask. */
  checked: "up-to-date" | AppError | null;
}

let state: UpdateState = { offer: null, checked: null };
const listeners = new Set<() => void>();

function set(next: UpdateState) {
  state = next;
  for (const listener of listeners) listener();
}

/** Asks the server; an offer replaces the last one, and "nothing new" hides it. */
export async function checkForUpdate(): Promise<void> {
  const result = await run(commands.checkForUpdate);
  if (result.status === "ok") {
    set({ offer: result.data, checked: result.data === null ? "up-to-date" : null });
  } else {
    set({ offer: state.offer, checked: result.error });
  }
}

/** "Later": the offer is hidden until the next check finds it again. */
export function postponeUpdate() {
  set({ offer: null, checked: null });
}

export function useUpdateState(): UpdateState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => state,
  );
}
