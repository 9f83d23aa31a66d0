// Helpers for tests that render the window in happy-dom (start the test file with
// `// @vitest-environment happy-dom`) against a stand-in for the Rust side: Tauri's `mockIPC`
// answers the commands of bindings.ts, and `refuse` answers one with an AppError, as Tauri does.
//
//   mockIPC((command) => (command === "sync_status" ? view : refuse("not-found")));
//   const screen = await render(<SyncPanel canManage />);
//   await click(await screen.find("sync-devices-open"));
//   ...
//   screen.unmount();
import { act, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import type { ErrorCode } from "../bindings";
import { L10nProvider } from "../l10n/L10nProvider";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** A command's failure as the Rust side sends it: an AppError value, not an Error. */
export function refuse(code: ErrorCode): never {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- Tauri rejects with the command's error value.
  throw { code, args: {} };
}

export interface Screen {
  container: HTMLElement;
  /** The element with this `data-testid`, if it is in the page now. */
  byTestId: (id: string) => HTMLElement | null;
  /** Lets commands answer and React render until the element with this `data-testid` is there. */
  find: <E extends HTMLElement = HTMLElement>(id: string) => Promise<E>;
  unmount: () => void;
}

/** Renders `node` in English, as the app does, into a fresh container. */
export async function render(node: ReactNode): Promise<Screen> {
  const container = document.createElement("div");
  document.body.append(container);
  const root = createRoot(container);
  await act(async () => {
    root.render(
      <L10nProvider initialLocale="en-US" onRemember={() => undefined}>
        {node}
      </L10nProvider>,
    );
    await Promise.resolve();
  });
  const byTestId = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);
  return {
    container,
    byTestId,
    find: <E extends HTMLElement = HTMLElement>(id: string) =>
      waitFor(`[data-testid="${id}"]`, () => container.querySelector<E>(`[data-testid="${id}"]`)),
    unmount: () => {
      act(() => {
        root.unmount();
      });
      container.remove();
    },
  };
}

/** Lets commands answer and React render until `find` finds something (two seconds at most). */
export async function waitFor<T>(what: string, find: () => T | null | undefined): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const found = find();
    if (found !== null && found !== undefined) return found;
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function click(element: HTMLElement): Promise<void> {
  await act(async () => {
    element.click();
    await Promise.resolve();
  });
}

/** Types into a field as the keyboard would: through the element's own value setter, then "input". */
export async function typeInto(field: HTMLInputElement | HTMLTextAreaElement, text: string): Promise<void> {
  const prototype = field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  await act(async () => {
    Object.getOwnPropertyDescriptor(prototype, "value")?.set?.call(field, text);
    field.dispatchEvent(new Event("input", { bubbles: true }));
    await Promise.resolve();
  });
}

/** Every text node in the page, and the value of every field. */
export function pageTexts(): string[] {
  const texts: string[] = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) texts.push(node.nodeValue ?? "");
  for (const field of document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea")) {
    texts.push(field.value);
  }
  return texts;
}

/**
 * happy-dom lays nothing out: gives the main scroller (`.content`) a size, so that virtualized
 * lists render their rows. Returns the undo.
 */
export function layOutScroller(): () => void {
  const names = ["clientHeight", "clientWidth"];
  for (const name of names) {
    Object.defineProperty(HTMLElement.prototype, name, {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains("content") ? 800 : 0;
      },
    });
  }
  return () => {
    for (const name of names) Reflect.deleteProperty(HTMLElement.prototype, name);
  };
}
