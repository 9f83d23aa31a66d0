// @vitest-environment happy-dom
// Settings → Pharmacy server against a stand-in for the Rust side: a computer waiting for a
// supervisor's approval, changes waiting for their authors, and the supervisor's list of computers.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it } from "vitest";
import type { DeviceRow, SyncView } from "../bindings";
import { stripIsolation } from "../l10n/bundles";
import { click, refuse, render, waitFor, type Screen } from "../testing/dom";
import { SyncPanel } from "./SyncPanel";

const PENDING: SyncView = {
  serverUrl: "https://enlace.example-pharmacy.com",
  registeredBy: "luis",
  phase: "pending",
  lastSyncedAt: null,
  lastError: "pending",
  pendingChanges: 4,
  waitingFor: [
    { username: "luis", changes: 3 },
    { username: "ana", changes: 1 },
  ],
};

const IDLE: SyncView = { ...PENDING, phase: "idle", lastError: null, waitingFor: [] };

const DEVICE: DeviceRow = {
  deviceId: "0b6c7a52-0000-4000-8000-000000000001",
  deviceName: "FRONT-COUNTER",
  registeredBy: "ana",
  registeredAt: "2026-03-02T14:00:00Z",
  status: "approved",
  approvedBy: "ana",
  revokedAt: null,
  thisDevice: true,
};

function devices(): DeviceRow[] {
  return [
    DEVICE,
    {
      ...DEVICE,
      deviceId: "0b6c7a52-0000-4000-8000-000000000002",
      deviceName: "NEW-LAPTOP",
      registeredBy: "luis",
      status: "pending",
      approvedBy: null,
      thisDevice: false,
    },
    {
      ...DEVICE,
      deviceId: "0b6c7a52-0000-4000-8000-000000000003",
      deviceName: "BACK-OFFICE",
      approvedBy: "marta",
      thisDevice: false,
    },
    {
      ...DEVICE,
      deviceId: "0b6c7a52-0000-4000-8000-000000000004",
      deviceName: "STOLEN-LAPTOP",
      status: "revoked",
      revokedAt: "2026-03-09T16:00:00Z",
      thisDevice: false,
    },
  ];
}

let screen: Screen | null = null;

afterEach(() => {
  screen?.unmount();
  screen = null;
  clearMocks();
});

const text = (element: Element | null | undefined) => stripIsolation(element?.textContent ?? "");

describe("the pharmacy server panel", () => {
  it("says the computer waits for approval, what a supervisor does, and whose changes wait", async () => {
    mockIPC((command) => (command === "sync_status" ? PENDING : refuse("not-found")));
    screen = await render(<SyncPanel canManage={false} />);

    expect(text(await screen.find("sync-phase"))).toBe("Waiting for a supervisor to approve this computer");
    expect(text(screen.byTestId("sync-pending-approval"))).toContain("Settings → Pharmacy server");
    // The status says it already: no "last problem" besides it.
    expect(text(screen.byTestId("sync-state"))).not.toContain("Last problem");
    const waiting = [...screen.container.querySelectorAll('[data-testid="sync-waiting-author"]')].map(text);
    expect(waiting).toEqual([
      "3 changes by luis wait until luis signs in on this computer while it is connected.",
      "One change by ana waits until ana signs in on this computer while it is connected.",
    ]);
  });

  it("shows no waiting list when nobody's changes wait", async () => {
    mockIPC((command) => (command === "sync_status" ? IDLE : refuse("not-found")));
    screen = await render(<SyncPanel canManage={false} />);
    expect(text(await screen.find("sync-phase"))).toBe("Up to date");
    expect(screen.byTestId("sync-pending-approval")).toBeNull();
    expect(screen.byTestId("sync-waiting")).toBeNull();
  });

  it("lets a supervisor approve a waiting computer and remove an approved one", async () => {
    let rows = devices();
    const approved: string[] = [];
    mockIPC((command, args) => {
      switch (command) {
        case "sync_status":
          return IDLE;
        case "sync_devices":
          return rows;
        case "approve_device": {
          const { deviceId } = args as { deviceId: string };
          approved.push(deviceId);
          rows = rows.map((row) =>
            row.deviceId === deviceId ? { ...row, status: "approved", approvedBy: "ana" } : row,
          );
          return null;
        }
        default:
          return refuse("not-found");
      }
    });
    screen = await render(<SyncPanel canManage />);
    await click(await screen.find("sync-devices-open"));
    await screen.find("sync-device");

    const row = (name: string) =>
      [...(screen?.container.querySelectorAll<HTMLElement>('[data-testid="sync-device"]') ?? [])].find((element) =>
        text(element).includes(name),
      );
    const status = (name: string) => text(row(name)?.querySelector('[data-testid="sync-device-status"]'));
    const buttons = (name: string) => [...(row(name)?.querySelectorAll("button") ?? [])].map(text);

    expect(status("FRONT-COUNTER")).toBe("Approved by ana");
    expect(status("NEW-LAPTOP")).toBe("Waiting for approval");
    expect(status("BACK-OFFICE")).toBe("Approved by marta");
    expect(status("STOLEN-LAPTOP")).toContain("Removed");
    // This computer is not removed from itself; a removed one has nothing left to do.
    expect(buttons("FRONT-COUNTER")).toEqual([]);
    expect(buttons("NEW-LAPTOP")).toEqual(["Approve", "Refuse (not one of the pharmacy’s)"]);
    expect(buttons("BACK-OFFICE")).toEqual(["Remove (lost or stolen)"]);
    expect(buttons("STOLEN-LAPTOP")).toEqual([]);

    // A screen reader hears which computer a button is for.
    const approve = row("NEW-LAPTOP")?.querySelector<HTMLButtonElement>('[data-testid="sync-device-approve"]');
    const described = approve?.getAttribute("aria-describedby") ?? "";
    expect(text(document.getElementById(described))).toBe("NEW-LAPTOP");

    await click(approve as HTMLButtonElement);
    expect(approved).toEqual(["0b6c7a52-0000-4000-8000-000000000002"]);
    await waitFor("the list reloaded", () => (status("NEW-LAPTOP") === "Approved by ana" ? true : null));
    expect(buttons("NEW-LAPTOP")).toEqual(["Remove (lost or stolen)"]);
    // The pressed button is gone: the keyboard focus stays on its computer's row.
    expect(document.activeElement).toBe(row("NEW-LAPTOP"));
  });

  it("tells a supervisor without a credential on this computer to sign in again", async () => {
    mockIPC((command) => {
      if (command === "sync_status") return IDLE;
      return refuse("sync-credential-missing");
    });
    screen = await render(<SyncPanel canManage />);
    await click(await screen.find("sync-devices-open"));
    const failed = await waitFor("the failed list", () => screen?.container.querySelector('[role="alert"]'));
    expect(text(failed)).toContain(
      "Sign out and sign in again while this computer is connected to the server, then try again.",
    );
  });
});
