// Half-typed work, kept in memory outside the React tree.
//
// Locking unmounts every view, so that no patient data stays in the page; unlocking mounts them
// again, and each form finds here what was typed into it.
//
// How to use it: in a form, replace `useState(initial)` with `useDraft(key, initial)` for each
// field of the work, and call `discardDrafts(prefix)` once the work is saved or sent (or the form
// is cancelled), after the last change to its fields, so that the next form starts blank. Keys
// name the form and the record, then the field (`call:<patientId>:notes`), so that two records
// never share a draft and one prefix discards a whole form. Keep every field of a form in drafts,
// not only its text: a form that came back half restored could be sent with a default the user
// had changed. Never a password or a PIN.
//
// A draft lives as long as the screen it was typed on and the user who typed it: the shell
// (App.tsx) calls `clearDrafts` when the user opens another screen, signs out or another user
// signs in; never when the window locks. Nothing here is written to disk.
import { useCallback, useEffect, useState } from "react";

const drafts = new Map<string, unknown>();

/** The draft kept under `key`, if any. */
export function readDraft(key: string): unknown {
  return drafts.get(key);
}

export function writeDraft(key: string, value: unknown): void {
  drafts.set(key, value);
}

/** Forgets the drafts whose key starts with `prefix` (one form's fields). */
export function discardDrafts(prefix: string): void {
  for (const key of [...drafts.keys()]) {
    if (key.startsWith(prefix)) drafts.delete(key);
  }
}

/** Forgets every draft: another screen, sign-out, another user. */
export function clearDrafts(): void {
  drafts.clear();
}

/**
 * `useState` whose value is also kept under `key`, and starts from what is kept there. The value
 * is kept from the first render on, not only once changed: a call's start time must outlive the
 * lock as much as its notes. The key must not change while the component is mounted (key the
 * component by its record instead).
 */
export function useDraft<T>(key: string, initial: T | (() => T)): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => {
    if (drafts.has(key)) return drafts.get(key) as T;
    return typeof initial === "function" ? (initial as () => T)() : initial;
  });
  // After the commit: a screen change clears the previous screen's drafts just before.
  useEffect(() => {
    if (!drafts.has(key)) drafts.set(key, value);
  }, [key, value]);
  const update = useCallback(
    (next: T) => {
      drafts.set(key, next);
      setValue(next);
    },
    [key],
  );
  return [value, update];
}
