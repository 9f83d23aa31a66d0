// Whether a call is open in the window: the call panel holds a claim while it is shown. The update
// banner reads it, so an update (which restarts Enlace) never interrupts a call being documented.
import { useSyncExternalStore } from "react";

let open = 0;
const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}

/** Marks a call open until the returned function is called (a React effect's cleanup). */
export function claimOpenCall(): () => void {
  open += 1;
  notify();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    open -= 1;
    notify();
  };
}

export function useCallOpen(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => open > 0,
  );
}
