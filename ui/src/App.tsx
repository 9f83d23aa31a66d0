import { listen } from "@tauri-apps/api/event";
import { Suspense, lazy, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { isStoreError, run } from "./api";
import { commands, type AppError, type PharmacySettings, type SessionView, type User } from "./bindings";
import { CrashNotice } from "./components/CrashNotice";
import { FatalError } from "./components/FatalError";
import { LanguageSwitcher } from "./components/LanguageSwitcher";
import { LockScreen } from "./components/LockScreen";
import { Loading } from "./components/States";
import { SyncNotices } from "./components/SyncNotices";
import { useConsultNotifications } from "./consults/useConsultNotifications";
import { PermittedProvider } from "./permissions";
import { useIdleLock } from "./hooks/useIdleLock";
import { ReportErrorContext } from "./hooks/useReportError";
import { clearDrafts } from "./drafts";
import { useL10n } from "./l10n/context";
import { CallListView } from "./calls/CallListView";
import { CallerLookup } from "./calls/CallerLookup";
import { ConsultsView } from "./consults/ConsultsView";
import { EnrollmentView } from "./enrollment/EnrollmentView";
import { PatientsView } from "./patients/PatientsView";
import { PatientView } from "./patients/PatientView";
import { PharmacyMissingView } from "./settings/PharmacySetup";
import { SettingsView } from "./settings/SettingsView";
import { RecoveryKeyNotice } from "./session/RecoveryKeyNotice";
import { UpdateNotice } from "./session/UpdateNotice";
import { SignInView } from "./session/SignInView";
import { MyTasksView } from "./tasks/MyTasksView";

// The desk brings the charting library: loaded when first opened, not at startup.
const DeskView = lazy(() => import("./desk/DeskView").then((module) => ({ default: module.DeskView })));

export type Section = "call-list" | "consults" | "enrollment" | "patients" | "settings" | "desk" | "tasks";

/** Navigation order; item N is reached with Alt+N. */
export const SECTIONS: readonly { id: Section; label: string }[] = [
  { id: "call-list", label: "nav-call-list" },
  { id: "consults", label: "nav-consults" },
  { id: "enrollment", label: "nav-enrollment" },
  { id: "patients", label: "nav-patients" },
  { id: "settings", label: "nav-settings" },
  { id: "desk", label: "nav-desk" },
  { id: "tasks", label: "nav-tasks" },
];

interface Startup {
  pharmacy: PharmacySettings | null;
}

interface OpenPatient {
  id: string;
  from: Section;
  /** Opened for the caller on the line: the page starts with the inbound-call panel. */
  inbound: boolean;
}

/** Alt+1…Alt+6 by physical key, so it works whatever the keyboard layout prints. */
function sectionForShortcut(event: KeyboardEvent): Section | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
  if (!match) return null;
  return SECTIONS[Number(match[1]) - 1]?.id ?? null;
}

/** Alt+C: the phone rings, and the caller's number finds their record. */
function isCallerShortcut(event: KeyboardEvent): boolean {
  return event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.code === "KeyC";
}

/** Alt+L locks the window, like stepping away from the counter. */
function isLockShortcut(event: KeyboardEvent): boolean {
  return event.altKey && !event.ctrlKey && !event.metaKey && !event.shiftKey && event.code === "KeyL";
}

export function App() {
  const { t, setLocale } = useL10n();
  const [startup, setStartup] = useState<Startup | null>(null);
  const [session, setSession] = useState<SessionView | null>(null);
  const [fatal, setFatal] = useState<AppError | null>(null);

  const refreshSession = useCallback(() => {
    void run(commands.sessionState).then((result) => {
      if (result.status === "ok") setSession(result.data);
      else if (isStoreError(result.error)) setFatal((current) => current ?? result.error);
    });
  }, []);
  const [section, setSection] = useState<Section>("call-list");
  const [patient, setPatient] = useState<OpenPatient | null>(null);
  const [selected, setSelected] = useState<Partial<Record<Section, string>>>({});
  const [patientQuery, setPatientQuery] = useState("");
  // The enrollment draft open in its section, to come back to after visiting another one.
  const [openDraftId, setOpenDraftId] = useState<string | null>(null);
  // An unknown caller's number, carried to a new enrollment (once: any navigation forgets it).
  const [enrollCaller, setEnrollCaller] = useState<string | null>(null);
  const [ready, setReady] = useState(false);

  const reportError = useCallback(
    (error: AppError) => {
      if (isStoreError(error)) setFatal((current) => current ?? error);
      // The shell locked an idle session (or it ended): show the lock or sign-in screen.
      else if (error.code === "sign-in-required") refreshSession();
    },
    [refreshSession],
  );

  useEffect(() => {
    let active = true;
    void Promise.all([
      run(commands.getPreferences),
      run(commands.getPharmacy),
      run(commands.sessionState),
    ]).then(([preferences, pharmacy, sessionState]) => {
      if (!active) return;
      if (sessionState.status === "ok") setSession(sessionState.data);
      else reportError(sessionState.error);
      // Until the user chooses, the locale stays the one negotiated from navigator.language.
      if (preferences.status === "error") reportError(preferences.error);
      else if (preferences.data.uiLocale !== null) setLocale(preferences.data.uiLocale, { remember: false });
      if (pharmacy.status === "error") reportError(pharmacy.error);
      setStartup({ pharmacy: pharmacy.status === "ok" ? pharmacy.data : null });
    });
    return () => {
      active = false;
    };
  }, [setLocale, reportError]);

  useEffect(() => {
    document.title = t("app-name");
  }, [t]);

  // A supervisor's jump from a patient to that patient's audit trail (in Settings).
  const [auditRecord, setAuditRecord] = useState<string | null>(null);
  const showSection = useCallback((next: Section) => {
    setPatient(null);
    setEnrollCaller(null);
    setSection(next);
    setAuditRecord(null);
  }, []);

  const openPatient = useCallback(
    (id: string, inbound = false) => {
      setSelected((current) => ({ ...current, [section]: id }));
      setPatient({ id, from: section, inbound });
    },
    [section],
  );

  const closePatient = useCallback(() => {
    setPatient(null);
  }, []);

  // The call list's order, so "next patient" after a saved call follows it.
  const [callQueue, setCallQueue] = useState<string[]>([]);
  // A patient outside the loaded rows has no known next one (never the list's first by mistake).
  const queueIndex = patient?.from === "call-list" ? callQueue.indexOf(patient.id) : -1;
  const nextId = queueIndex === -1 ? undefined : callQueue[queueIndex + 1];
  const nextPatient = useMemo(
    () =>
      nextId === undefined
        ? null
        : () => {
            setSelected((current) => ({ ...current, "call-list": nextId }));
            setPatient({ id: nextId, from: "call-list", inbound: false });
          },
    [nextId],
  );

  // Someone is signed in and the window is not locked.
  const working = session?.user != null && !session.locked;
  const [callerOpen, setCallerOpen] = useState(false);
  const canLookUpCallers = working && session.permitted.includes("view-patients");
  // A phone system's screen-pop link (enlace://call?from=…): its number, and a count of the links
  // so that each one opens the lookup anew.
  const [linkedCaller, setLinkedCaller] = useState<{ number: string; ring: number } | null>(null);

  useEffect(() => {
    if (!canLookUpCallers) return;
    let active = true;
    const take = () => {
      void run(commands.takeCallerLink).then((result) => {
        if (!active || result.status === "error" || result.data === null) return;
        const number = result.data;
        setLinkedCaller((previous) => ({ number, ring: (previous?.ring ?? 0) + 1 }));
        setCallerOpen(true);
      });
    };
    // A link that came while no one was signed in (or before this listened) waits to be taken.
    take();
    // Without the event system (the UI's unit tests) links just never arrive.
    const stopListening = listen("caller-link", take).catch(() => null);
    return () => {
      active = false;
      void stopListening.then((stop) => {
        stop?.();
      });
    };
  }, [canLookUpCallers]);

  useEffect(() => {
    // Locked, the keys move nothing: unlocking comes back to where the user was.
    if (!working) return;
    function onKeyDown(event: KeyboardEvent) {
      const target = sectionForShortcut(event);
      if (target !== null) {
        event.preventDefault();
        showSection(target);
      } else if (event.key === "Escape" && patient !== null && !event.defaultPrevented) {
        event.preventDefault();
        closePatient();
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => {
      window.removeEventListener("keydown", onKeyDown);
    };
  }, [working, patient, showSection, closePatient]);

  // Half-typed work (drafts.ts) lives as long as the screen it was typed on and the user who
  // typed it. The lock changes neither, so unlocking finds it again.
  const screen = patient !== null ? `patient:${patient.id}` : section;
  const userId = session?.user?.id ?? null;
  useEffect(
    () => () => {
      clearDrafts();
    },
    [screen, userId],
  );

  const markReady = useCallback(() => {
    setReady(true);
    void run(() => commands.perfMark("call-list", null));
  }, []);

  const onSession = useCallback(
    (next: SessionView) => {
      setSession((previous) => {
        // A different user starts where a new day starts, in their own interface language.
        if (next.user !== null && next.user.id !== previous?.user?.id) {
          setLocale(next.user.uiLocale, { remember: false });
          setPatient(null);
          setSection("call-list");
          setSelected({});
          setPatientQuery("");
          setOpenDraftId(null);
          setReady(false);
        }
        return next;
      });
    },
    [setLocale],
  );
  const showAudit = useCallback((patientId: string) => {
    setAuditRecord(patientId);
    setPatient(null);
    setSection("settings");
  }, []);

  const onPharmacyChange = useCallback(
    (pharmacy: PharmacySettings) => {
      setStartup({ pharmacy });
      // The idle-lock time may have changed.
      refreshSession();
    },
    [refreshSession],
  );
  const lockNow = useCallback(() => {
    void run(commands.lockSession).then((result) => {
      if (result.status === "ok") setSession(result.data);
    });
  }, []);
  const signOut = useCallback(() => {
    void run(commands.signOut).then((result) => {
      if (result.status === "ok") setSession(result.data);
    });
  }, []);
  const reportActivity = useCallback(() => {
    void run(commands.touchSession).then((result) => {
      if (result.status === "error") reportError(result.error);
    });
  }, [reportError]);

  useIdleLock(session?.idleLockSeconds ?? 900, working, lockNow, reportActivity);
  useConsultNotifications(session?.user?.id ?? null, session?.permitted ?? [], working);

  useEffect(() => {
    if (!working) return;
    function onKeyDown(event: KeyboardEvent) {
      if (isLockShortcut(event)) {
        event.preventDefault();
        lockNow();
      } else if (isCallerShortcut(event) && canLookUpCallers) {
        event.preventDefault();
        setCallerOpen(true);
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => {
      window.removeEventListener("keydown", onKeyDown);
    };
  }, [working, lockNow, canLookUpCallers]);

  let body;
  if (fatal !== null) {
    body = <FatalError error={fatal} />;
  } else if (startup === null || session === null) {
    body = (
      <p className="splash" role="status">
        {t("app-starting")}
      </p>
    );
  } else if (session.user === null) {
    body = <SignInView firstRun={session.needsFirstUser} onSession={onSession} />;
  } else if (session.locked) {
    // Locked, the lock screen is all there is: every view unmounts, so no patient data stays in
    // the page. Unlocking mounts them again where the user was: the navigation lives in this
    // component's state, half-typed work in drafts.ts.
    body = <LockScreen user={session.user} onSession={onSession} />;
  } else {
    const user = session.user;
    body = (
      <Shell
        section={section}
        pharmacyName={startup.pharmacy?.name ?? null}
        user={user}
        onNavigate={showSection}
        onLock={lockNow}
        onSignOut={signOut}
        onCaller={
          canLookUpCallers
            ? () => {
                setCallerOpen(true);
              }
            : null
        }
      >
        {callerOpen && (
          <CallerLookup
            key={linkedCaller?.ring ?? 0}
            initialNumber={linkedCaller?.number ?? null}
            onClose={() => {
              setCallerOpen(false);
              setLinkedCaller(null);
            }}
            onOpenPatient={(id) => {
              setCallerOpen(false);
              setLinkedCaller(null);
              openPatient(id, true);
            }}
            onSearchByName={() => {
              setCallerOpen(false);
              setLinkedCaller(null);
              showSection("patients");
            }}
            onEnroll={
              session.permitted.includes("enroll-patient")
                ? (number) => {
                    setCallerOpen(false);
                    setLinkedCaller(null);
                    setOpenDraftId(null);
                    showSection("enrollment");
                    setEnrollCaller(number);
                  }
                : null
            }
          />
        )}
        <CrashNotice />
        <UpdateNotice />
        {session.recoveryKeyPending && startup.pharmacy !== null && <RecoveryKeyNotice onConfirmed={onSession} />}
        {startup.pharmacy === null && section !== "settings" ? (
          <PharmacyMissingView onPharmacyChange={onPharmacyChange} />
        ) : patient !== null ? (
          <PatientView
            key={`${patient.id}-${String(patient.inbound)}`}
            patientId={patient.id}
            inboundCall={patient.inbound}
            username={user.username}
            displayName={user.displayName}
            pharmacy={startup.pharmacy}
            onBack={closePatient}
            onNext={nextPatient}
            onShowAudit={session.permitted.includes("view-audit") ? showAudit : null}
            canRequestConsult={session.permitted.includes("request-consult")}
            canEdit={session.permitted.includes("edit-patient")}
          />
        ) : (
          <SectionView
            section={section}
            user={user}
            onPharmacyChange={onPharmacyChange}
            auditRecord={auditRecord}
            pharmacy={startup.pharmacy}
            selectedId={selected[section] ?? null}
            patientQuery={patientQuery}
            onPatientQueryChange={setPatientQuery}
            onOpenPatient={openPatient}
            onCallListPainted={markReady}
            onCallQueue={setCallQueue}
            onShowTasks={() => {
              showSection("tasks");
            }}
            openDraftId={openDraftId}
            onOpenDraftChange={setOpenDraftId}
            enrollCaller={enrollCaller}
          />
        )}
      </Shell>
    );
  }

  return (
    <ReportErrorContext value={reportError}>
      <div id="app" className="app" data-testid={ready && fatal === null && working ? "app-ready" : undefined}>
        <PermittedProvider permitted={session?.permitted ?? []}>{body}</PermittedProvider>
      </div>
    </ReportErrorContext>
  );
}

interface ShellProps {
  section: Section;
  pharmacyName: string | null;
  user: User;
  onNavigate: (section: Section) => void;
  onLock: () => void;
  onSignOut: () => void;
  /** Opens the caller lookup; `null` for whom it is not permitted. */
  onCaller: (() => void) | null;
  children: ReactNode;
}

function Shell({ section, pharmacyName, user, onNavigate, onLock, onSignOut, onCaller, children }: ShellProps) {
  const { t } = useL10n();
  return (
    <div className="shell" data-testid="signed-in">
      <a className="skip-link" href="#main">
        {t("skip-to-content")}
      </a>
      <nav className="sidebar" aria-label={t("nav-label")}>
        <p className="brand">{t("app-name")}</p>
        {onCaller !== null && (
          <button
            type="button"
            className="nav-item caller-open"
            data-testid="caller-open"
            aria-keyshortcuts="Alt+C"
            onClick={onCaller}
          >
            <span className="nav-label">{t("caller-open")}</span>
            <kbd className="nav-shortcut">{t("nav-shortcut", { key: "C" })}</kbd>
          </button>
        )}
        <ul className="nav-list">
          {SECTIONS.map((item, index) => {
            const key = String(index + 1);
            return (
              <li key={item.id}>
                <button
                  type="button"
                  className="nav-item"
                  data-testid={`nav-${item.id}`}
                  aria-current={item.id === section ? "page" : undefined}
                  aria-keyshortcuts={`Alt+${key}`}
                  onClick={() => {
                    onNavigate(item.id);
                  }}
                >
                  <span className="nav-label">{t(item.label)}</span>
                  <kbd className="nav-shortcut">{t("nav-shortcut", { key })}</kbd>
                </button>
              </li>
            );
          })}
        </ul>
        <div className="session-box">
          <p className="session-user" data-testid="signed-in-user">
            {user.displayName}
          </p>
          <button type="button" className="nav-item" data-testid="lock" aria-keyshortcuts="Alt+L" onClick={onLock}>
            <span className="nav-label">{t("session-lock")}</span>
            <kbd className="nav-shortcut">{t("nav-shortcut", { key: "L" })}</kbd>
          </button>
          <button type="button" className="nav-item" data-testid="sign-out" onClick={onSignOut}>
            <span className="nav-label">{t("session-sign-out")}</span>
          </button>
        </div>
      </nav>
      <div className="workspace">
        <header className="topbar">
          <p className="pharmacy-name">{pharmacyName}</p>
          <LanguageSwitcher />
        </header>
        <main id="main" className="content" tabIndex={-1}>
          <SyncNotices />
          {children}
        </main>
      </div>
    </div>
  );
}

interface SectionViewProps {
  section: Section;
  user: User;
  onPharmacyChange: (pharmacy: PharmacySettings) => void;
  auditRecord: string | null;
  pharmacy: PharmacySettings | null;
  selectedId: string | null;
  patientQuery: string;
  onPatientQueryChange: (query: string) => void;
  onOpenPatient: (id: string) => void;
  onCallListPainted: () => void;
  onCallQueue: (patientIds: string[]) => void;
  onShowTasks: () => void;
  openDraftId: string | null;
  onOpenDraftChange: (draftId: string | null) => void;
  /** An unknown caller's number (E.164) to start an enrollment with, once. */
  enrollCaller: string | null;
}

function SectionView(props: SectionViewProps) {
  switch (props.section) {
    case "call-list":
      return (
        <CallListView
          selectedId={props.selectedId}
          onOpenPatient={props.onOpenPatient}
          onPainted={props.onCallListPainted}
          onQueue={props.onCallQueue}
          onShowTasks={props.onShowTasks}
        />
      );
    case "tasks":
      return <MyTasksView onOpenPatient={props.onOpenPatient} />;
    case "consults":
      return <ConsultsView pharmacy={props.pharmacy} onOpenPatient={props.onOpenPatient} />;
    case "desk":
      return (
        <Suspense fallback={<Loading />}>
          <DeskView pharmacy={props.pharmacy} onOpenPatient={props.onOpenPatient} />
        </Suspense>
      );
    case "enrollment":
      return (
        <EnrollmentView
          // A caller to enroll starts the section anew, even from inside it.
          key={props.enrollCaller ?? "drafts"}
          pharmacy={props.pharmacy}
          openDraftId={props.openDraftId}
          onOpenDraftChange={props.onOpenDraftChange}
          onOpenPatient={props.onOpenPatient}
          enrollCaller={props.enrollCaller}
        />
      );
    case "patients":
      return (
        <PatientsView
          selectedId={props.selectedId}
          initialQuery={props.patientQuery}
          onQueryChange={props.onPatientQueryChange}
          onOpenPatient={props.onOpenPatient}
        />
      );
    case "settings":
      return (
        <SettingsView
          pharmacy={props.pharmacy}
          user={props.user}
          onPharmacyChange={props.onPharmacyChange}
          auditRecord={props.auditRecord}
        />
      );
  }
}
