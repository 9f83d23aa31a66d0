// @vitest-environment happy-dom
// The update banner against a stand-in for the Rust side: what's new in the interface language,
// no install while a call is open, and a refused update said plainly.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { act } from "react";
import { afterEach, describe, expect, it } from "vitest";
import type { UpdateOffer } from "../bindings";
import { claimOpenCall } from "../calls/openCall";
import { stripIsolation } from "../l10n/bundles";
import { click, refuse, render, type Screen } from "../testing/dom";
import { UpdateNotice } from "./UpdateNotice";
import { postponeUpdate } from "./updates";

const OFFER: UpdateOffer = {
  version: "1.4.0",
  notesEn: "The call list opens faster.",
  notesEs: "La lista de llamadas abre más rápido.",
};

let screen: Screen | null = null;

afterEach(() => {
  screen?.unmount();
  screen = null;
  postponeUpdate();
  clearMocks();
});

const text = (element: Element | null | undefined) => stripIsolation(element?.textContent ?? "");

describe("the update banner", () => {
  it("shows nothing when the server offers nothing", async () => {
    mockIPC((command) => (command === "check_for_update" ? null : refuse("not-found")));
    screen = await render(<UpdateNotice />);
    await act(async () => {
      await Promise.resolve();
    });
    expect(screen.byTestId("update-notice")).toBeNull();
  });

  it("offers the update with what's new, but not while a call is open", async () => {
    mockIPC((command) => (command === "check_for_update" ? OFFER : refuse("not-found")));
    screen = await render(<UpdateNotice />);
    expect(text(await screen.find("update-notes"))).toBe("The call list opens faster.");
    const install = screen.byTestId("update-install") as HTMLButtonElement;
    expect(install.disabled).toBe(false);

    let release = () => {};
    act(() => {
      release = claimOpenCall();
    });
    expect(install.disabled).toBe(true);
    expect(text(screen.byTestId("update-notice"))).toContain("Finish the open call first");
    act(() => {
      release();
    });
    expect(install.disabled).toBe(false);
  });

  it("says so when the update's signature is refused", async () => {
    mockIPC((command) => {
      if (command === "check_for_update") return OFFER;
      return refuse(command === "install_update" ? "update-refused" : "not-found");
    });
    screen = await render(<UpdateNotice />);
    await click(await screen.find("update-install"));
    expect(text(await screen.find("update-error"))).toContain("signature");
  });
});
