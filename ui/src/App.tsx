import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { isStoreError, run } from "./api";
import { commands, type AppError, type PharmacySettings } from "./bindings";
import { FatalError } from "./components/FatalError";
import { LanguageSwitcher } from "./components/LanguageSwitcher";
import { ReportErrorContext } from "./hooks/useReportError";
import { useL10n } from "./l10n/context";
import { CallListView } from "./views/CallListView";
import { EmptySectionView } from "./views/EmptySectionView";
import { PatientsView } from "./views/PatientsView";
import { PatientView } from "./views/PatientView";
import { SettingsView } from "./views/SettingsView";

export type Section = "call-list" | "consults" | "enrollment" | "patients" | "settings";

/** Navigation order; item N is reached with Alt+N. */
export const SECTIONS: readonly { id: Section; label: string }[] = [
  { id: "call-list", label: "nav-call-list" },
  { id: "consults", label: "nav-consults" },
  { id: "enrollment", label: "nav-enrollment" },
  { id: "patients", label: "nav-patients" },
  { id: "settings", label: "nav-settings" },
];

interface Startup {
  pharmacy: PharmacySettings | null;
}

interface OpenPatient {
  id: string;
  from: Section;
}

/** Alt+1…Alt+5 by physical key, so it works whatever the keyboard layout prints. */
function sectionForShortcut(event: KeyboardEvent): Section | null {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  const match = /^(?:Digit|Numpad)([1-9])$/.exec(event.code);
  if (!match) return null;
  return SECTIONS[Number(match[1]) - 1]?.id ?? null;
}

export function App() {
  const { t, setLocale } = useL10n();
  const [startup, setStartup] = useState<Startup | null>(null);
  const [fatal, setFatal] = useState<AppError | null>(null);
  const [section, setSection] = useState<Section>("call-list");
  const [patient, setPatient] = useState<OpenPatient | null>(null);
  const [selected, setSelected] = useState<Partial<Record<Section, string>>>({});
  const [patientQuery, setPatientQuery] = useState("");
  const [ready, setReady] = useState(false);

  const reportError = useCallback((error: AppError) => {
    if (isStoreError(error)) setFatal((current) => current ?? error);
  }, []);

  useEffect(() => {
    let active = true;
    void Promise.all([run(commands.getPreferences), run(commands.getPharmacy)]).then(([preferences, pharmacy]) => {
      if (!active) return;
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

  const showSection = useCallback((next: Section) => {
    setPatient(null);
    setSection(next);
  }, []);

  const openPatient = useCallback(
    (id: string) => {
      setSelected((current) => ({ ...current, [section]: id }));
      setPatient({ id, from: section });
    },
    [section],
  );

  const closePatient = useCallback(() => {
    setPatient(null);
  }, []);

  // The call list's order, so "next patient" after a saved call follows it.
  const [callQueue, setCallQueue] = useState<string[]>([]);
  const nextId =
    patient?.from === "call-list" ? callQueue[callQueue.indexOf(patient.id) + 1] : undefined;
  const nextPatient = useMemo(
    () =>
      nextId === undefined
        ? null
        : () => {
            setSelected((current) => ({ ...current, "call-list": nextId }));
            setPatient({ id: nextId, from: "call-list" });
          },
    [nextId],
  );

  useEffect(() => {
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
  }, [patient, showSection, closePatient]);

  const markReady = useCallback(() => {
    setReady(true);
  }, []);

  let body;
  if (fatal !== null) {
    body = <FatalError error={fatal} />;
  } else if (startup === null) {
    body = (
      <p className="splash" role="status">
        {t("app-starting")}
      </p>
    );
  } else {
    body = (
      <Shell section={section} pharmacyName={startup.pharmacy?.name ?? null} onNavigate={showSection}>
        {patient !== null ? (
          <PatientView
            key={patient.id}
            patientId={patient.id}
            pharmacy={startup.pharmacy}
            onBack={closePatient}
            onNext={nextPatient}
          />
        ) : (
          <SectionView
            section={section}
            pharmacy={startup.pharmacy}
            selectedId={selected[section] ?? null}
            patientQuery={patientQuery}
            onPatientQueryChange={setPatientQuery}
            onOpenPatient={openPatient}
            onCallListPainted={markReady}
            onCallQueue={setCallQueue}
          />
        )}
      </Shell>
    );
  }

  return (
    <ReportErrorContext value={reportError}>
      <div id="app" className="app" data-testid={ready && fatal === null ? "app-ready" : undefined}>
        {body}
      </div>
    </ReportErrorContext>
  );
}

interface ShellProps {
  section: Section;
  pharmacyName: string | null;
  onNavigate: (section: Section) => void;
  children: ReactNode;
}

function Shell({ section, pharmacyName, onNavigate, children }: ShellProps) {
  const { t } = useL10n();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("skip-to-content")}
      </a>
      <nav className="sidebar" aria-label={t("nav-label")}>
        <p className="brand">{t("app-name")}</p>
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
      </nav>
      <div className="workspace">
        <header className="topbar">
          <p className="pharmacy-name">{pharmacyName}</p>
          <LanguageSwitcher />
        </header>
        <main id="main" className="content" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}

interface SectionViewProps {
  section: Section;
  pharmacy: PharmacySettings | null;
  selectedId: string | null;
  patientQuery: string;
  onPatientQueryChange: (query: string) => void;
  onOpenPatient: (id: string) => void;
  onCallListPainted: () => void;
  onCallQueue: (patientIds: string[]) => void;
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
        />
      );
    case "consults":
      return <EmptySectionView section="consults" />;
    case "enrollment":
      return <EmptySectionView section="enrollment" />;
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
      return <SettingsView pharmacy={props.pharmacy} />;
  }
}
