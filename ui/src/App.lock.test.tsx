// @vitest-environment happy-dom
// The whole window against a stand-in for the Rust side (Tauri's IPC mock): locking leaves only
// the lock screen in the page, and unlocking comes back to the same patient with the call notes
// that were typed before.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { act } from "react";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { App } from "./App";
import type {
  CallListOverview,
  CallListPage,
  PatientDetail,
  PharmacySettings,
  SessionView,
  User,
} from "./bindings";
import { readDraft } from "./drafts";
import { click, layOutScroller, pageTexts, refuse, render, typeInto, type Screen } from "./testing/dom";

const PATIENT_ID = "0b6c7a52-0000-4000-8000-000000000001";
const PATIENT_NAME = "Itzel Ñáñez Peña";
const PASSWORD = "correct horse battery";
const NOTE = "Asked to call back after lunch";

const USER: User = {
  id: "0b6c7a52-0000-4000-8000-0000000000aa",
  username: "ana",
  displayName: "Ana Coordinator",
  roles: ["coordinator"],
  languages: ["en-US", "es-US"],
  uiLocale: "en-US",
  active: true,
};

const PHARMACY: PharmacySettings = {
  id: "0b6c7a52-0000-4000-8000-0000000000bb",
  name: "Farmacia Central",
  phone: "+17875550100",
  timeZone: "America/Puerto_Rico",
  callingWindow: { start: "08:00:00", end: "21:00:00" },
  refillProgram: { reminderLeadDays: 5, tooSoonPercent: 75 },
  callRules: { retryAfterHours: 4, maxAttempts: 3, dailyCallLimit: 1, weeklyCallLimit: 3 },
  idleLockMinutes: 15,
  taskEscalationHours: 24,
  address: { line1: "", line2: "", city: "", state: "", zip: "" },
  programs: [],
};

const ROW = {
  patientId: PATIENT_ID,
  fullName: PATIENT_NAME,
  preferredLanguage: "es-US",
  timeZone: "America/Puerto_Rico",
  phone: "+17875550123",
  program: null,
  assignedTo: null,
  callableNow: true,
  nextCallAt: null,
  dueMedications: [],
  daysUntilDue: 2,
  critical: false,
  attempts: 0,
  lastAttemptAt: null,
  openConsult: null,
} satisfies CallListPage["rows"][number];

const DETAIL: PatientDetail = {
  patient: {
    id: PATIENT_ID,
    name: { given: "Itzel", middle: null, family: "Ñáñez", secondFamily: "Peña" },
    dateOfBirth: "1950-03-14",
    preferredLanguage: "es-US",
    timeZone: "America/Puerto_Rico",
    timeZoneConfirmed: true,
    phones: [{ kind: "mobile", e164: "+17875550123" }],
    consents: { calls: true, texts: false, voicemailDetail: false },
    externalId: null,
    zip: null,
    program: null,
    assignedTo: null,
    preferredCallWindow: null,
    status: "active",
  },
  fullName: PATIENT_NAME,
  timeZone: "America/Puerto_Rico",
  prescriptions: [],
  interactions: [],
  call: {
    state: { kind: "open", nextCallAt: null, callableNow: true },
    dueMedications: [],
    daysUntilDue: 2,
    attempts: 0,
    callingWindow: { start: "08:00:00", end: "21:00:00" },
  },
  profile: null,
  consentHistory: [],
  recordChanges: [],
  tasks: [],
  contactForm: {
    phones: [{ kind: "mobile", number: "+17875550123" }],
    preferredLanguage: "es-US",
    timeZone: "America/Puerto_Rico",
    timeZoneConfirmed: true,
    zip: "",
    callWindowStart: "",
    callWindowEnd: "",
    status: "active",
    profile: null,
  },
};

/** The Rust side as far as these screens ask it; anything else answers "not found". */
function backend() {
  let session: SessionView = { needsFirstUser: false, user: USER, locked: false, permitted: ["view-patients", "record-call", "edit-patient"],
      idleLockSeconds: 900, recoveryKeyPending: false };
  const now = new Date().toISOString();
  const page: CallListPage = { generatedAt: now, offset: 0, total: 1, rows: [ROW] };
  const overview: CallListOverview = {
    generatedAt: now,
    openCount: 1,
    callableCount: 1,
    exceptionCount: 0,
    exceptions: [],
    filterOptions: { programs: [], coordinators: [] },
  };
  mockIPC((command, args) => {
    switch (command) {
      case "session_state":
      case "touch_session":
        return session;
      case "get_preferences":
        return { uiLocale: "en-US" };
      case "get_pharmacy":
        return PHARMACY;
      case "call_list_page":
        return page;
      case "call_list_overview":
        return overview;
      case "patient_detail":
        return DETAIL;
      case "patient_consults":
      case "patient_adherence":
      case "my_consult_requests":
      case "sync_notices":
      case "web_requests":
        return [];
      case "perf_mark":
        return null;
      case "lock_session":
        session = { ...session, locked: true };
        return session;
      case "unlock":
        if ((args as { secret?: string } | undefined)?.secret !== PASSWORD) refuse("sign-in-failed");
        session = { ...session, locked: false };
        return session;
      case "sign_out":
        session = { ...session, user: null, locked: false };
        return session;
      default:
        return refuse("not-found");
    }
  });
}

let screen: Screen;
let undoLayout: () => void;

beforeAll(() => {
  undoLayout = layOutScroller();
});

afterAll(() => {
  undoLayout();
});

beforeEach(async () => {
  backend();
  screen = await render(<App />);
});

afterEach(() => {
  screen.unmount();
  clearMocks();
});

async function openPatientAndTypeNote(): Promise<void> {
  await click(await screen.find("call-list-row"));
  await click(await screen.find("verify-name"));
  const notes = await screen.find<HTMLTextAreaElement>("call-notes");
  await typeInto(notes, NOTE);
  expect(notes.value).toBe(NOTE);
  expect(screen.byTestId("page-title")?.textContent).toBe(PATIENT_NAME);
}

async function lock(): Promise<void> {
  await click(await screen.find("lock"));
  await screen.find("lock-screen");
}

describe("the locked window", () => {
  it("has nothing of the signed-in work in the page, and unlocks where it was, note included", async () => {
    await openPatientAndTypeNote();
    await lock();

    // Not hidden: gone. No element of the shell, no patient view, no call panel, no name, no note.
    for (const id of ["signed-in", "patient-view", "call-panel", "call-notes", "page-title", "nav-call-list"]) {
      expect(document.querySelector(`[data-testid="${id}"]`), id).toBeNull();
    }
    expect(document.querySelectorAll("main, nav, [hidden], [inert]")).toHaveLength(0);
    const texts = pageTexts();
    expect(texts.filter((text) => text.includes("Ñáñez"))).toEqual([]);
    expect(texts.filter((text) => text.includes(NOTE))).toEqual([]);
    // The note waits outside the page, in memory.
    expect(readDraft(`call:${PATIENT_ID}:notes`)).toBe(NOTE);
    // Keys pressed on the lock screen move nothing behind it (Escape would close the patient).
    await act(async () => {
      window.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
      await Promise.resolve();
    });

    await typeInto(await screen.find<HTMLInputElement>("unlock-secret"), PASSWORD);
    await click(await screen.find("unlock-submit"));

    const notes = await screen.find<HTMLTextAreaElement>("call-notes");
    expect(screen.byTestId("lock-screen")).toBeNull();
    expect(screen.byTestId("page-title")?.textContent).toBe(PATIENT_NAME);
    expect(notes.value).toBe(NOTE);
    // The rest of the call in progress too: the identity check ticked before the lock.
    expect((await screen.find<HTMLInputElement>("verify-name")).checked).toBe(true);
    expect((await screen.find<HTMLInputElement>("verify-dob")).checked).toBe(false);
  });

  it("forgets the half-typed note when the user is switched", async () => {
    await openPatientAndTypeNote();
    await lock();

    await click(await screen.find("switch-user"));
    await screen.find("sign-in-submit");
    expect(readDraft(`call:${PATIENT_ID}:notes`)).toBeUndefined();
    expect(pageTexts().filter((text) => text.includes("Ñáñez") || text.includes(NOTE))).toEqual([]);
  });

  it("forgets the half-typed note when the user leaves the patient", async () => {
    await openPatientAndTypeNote();
    await click(await screen.find("nav-call-list"));
    await screen.find("call-list-row");
    expect(readDraft(`call:${PATIENT_ID}:notes`)).toBeUndefined();
  });
});
