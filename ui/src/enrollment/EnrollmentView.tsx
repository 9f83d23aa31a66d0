// The Enrollment section: drafts in progress (the user's own first, then everyone else's, any of
// them resumable), a new enrollment, the form itself, and the printable summary after submit.
import { useCallback, useEffect, useRef, useState } from "react";
import { run } from "../api";
import {
  commands,
  type AppError,
  type DraftSummary,
  type DraftView,
  type EnrollmentForm as Form,
  type EnrollmentSummary as Summary,
  type PharmacySettings,
} from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { LanguageBadge } from "../components/LanguageBadge";
import { ListStates } from "../components/States";
import { ViewHeader } from "../components/ViewHeader";
import { useCommand } from "../hooks/useCommand";
import { useFocusOnMount } from "../hooks/useFocusOnMount";
import { useL10n } from "../l10n/context";
import { formatInstant, formatPhone } from "../l10n/format";
import { EnrollmentForm } from "./EnrollmentForm";
import { EnrollmentSummary } from "./EnrollmentSummary";

type Screen =
  | { kind: "drafts" }
  | { kind: "form"; start: { draft: DraftView } | { blank: Form } }
  | { kind: "enrolled"; patientId: string; summary: Summary; created: boolean };

interface Props {
  pharmacy: PharmacySettings | null;
  /** The draft the user had open when they left the section, to come back to it. */
  openDraftId: string | null;
  onOpenDraftChange: (draftId: string | null) => void;
  onOpenPatient: (patientId: string) => void;
  /** An unknown caller's number (E.164): a new enrollment starts with it as the patient's first phone. */
  enrollCaller: string | null;
}

export function EnrollmentView({ pharmacy, openDraftId, onOpenDraftChange, onOpenPatient, enrollCaller }: Props) {
  const { locale } = useL10n();
  const titleRef = useFocusOnMount<HTMLHeadingElement>();
  const [screen, setScreen] = useState<Screen>({ kind: "drafts" });
  const [error, setError] = useState<AppError | null>(null);

  const resume = useCallback(
    (draftId: string) => {
      void run(() => commands.enrollmentDraft(draftId)).then((result) => {
        if (result.status === "ok") {
          setScreen({ kind: "form", start: { draft: result.data } });
          onOpenDraftChange(draftId);
        } else {
          setError(result.error);
          onOpenDraftChange(null);
        }
      });
    },
    [onOpenDraftChange],
  );
  // Coming back to the section returns to the draft that was open.
  const draftOnEntry = useRef(openDraftId);
  useEffect(() => {
    if (draftOnEntry.current !== null) resume(draftOnEntry.current);
  }, [resume]);

  // The caller on the line whom no record has: a new enrollment with their number, in the
  // language the coordinator is working in (changed on the form if the caller prefers the other).
  const callerOnEntry = useRef(enrollCaller);
  const languageOnEntry = useRef(locale);
  useEffect(() => {
    const number = callerOnEntry.current;
    if (number === null) return;
    let active = true;
    void run(() => commands.blankEnrollment(languageOnEntry.current)).then((result) => {
      if (!active) return;
      if (result.status === "error") {
        setError(result.error);
        return;
      }
      const form = result.data;
      const [first, ...rest] = form.patient.phones;
      const phones = [{ ...(first ?? { kind: "mobile" as const }), number: formatPhone(number) }, ...rest];
      setScreen({ kind: "form", start: { blank: { ...form, patient: { ...form.patient, phones } } } });
    });
    return () => {
      active = false;
    };
  }, []);

  const startNew = (language: Form["patient"]["preferredLanguage"]) => {
    void run(() => commands.blankEnrollment(language)).then((result) => {
      if (result.status === "ok") setScreen({ kind: "form", start: { blank: result.data } });
      else setError(result.error);
    });
  };
  const backToDrafts = () => {
    setScreen({ kind: "drafts" });
    onOpenDraftChange(null);
  };

  return (
    <section className="view" aria-labelledby="enrollment-title" data-testid="enrollment-view">
      <ViewHeader section="enrollment" titleRef={titleRef} />
      <ErrorLine error={error} />
      {screen.kind === "drafts" && <DraftList onResume={resume} onStart={startNew} />}
      {screen.kind === "form" && (
        <EnrollmentForm
          start={screen.start}
          pharmacy={pharmacy}
          onClose={backToDrafts}
          onDraftCreated={onOpenDraftChange}
          onEnrolled={(patientId, summary, created) => {
            setScreen({ kind: "enrolled", patientId, summary, created });
            onOpenDraftChange(null);
          }}
        />
      )}
      {screen.kind === "enrolled" && (
        <EnrollmentSummary
          summary={screen.summary}
          created={screen.created}
          pharmacy={pharmacy}
          onOpenPatient={() => {
            onOpenPatient(screen.patientId);
          }}
          onDone={backToDrafts}
        />
      )}
    </section>
  );
}

function DraftList({
  onResume,
  onStart,
}: {
  onResume: (draftId: string) => void;
  onStart: (language: Form["patient"]["preferredLanguage"]) => void;
}) {
  const { t } = useL10n();
  const drafts = useCommand(useCallback(() => commands.enrollmentDrafts(), []));
  const rows = drafts.state.status === "ok" ? drafts.state.data : [];
  const mine = rows.filter((draft) => draft.mine);
  const others = rows.filter((draft) => !draft.mine);
  return (
    <>
      <div className="toolbar">
        <button type="button" className="button button-primary" data-testid="enroll-new-es" onClick={() => {
          onStart("es-US");
        }}>
          {t("enroll-new-spanish")}
        </button>
        <button type="button" className="button button-secondary" data-testid="enroll-new-en" onClick={() => {
          onStart("en-US");
        }}>
          {t("enroll-new-english")}
        </button>
      </div>
      <section className="panel" aria-labelledby="enroll-my-drafts-title">
        <h2 id="enroll-my-drafts-title">{t("enroll-my-drafts")}</h2>
        <ListStates command={drafts} />
        {drafts.state.status === "ok" &&
          (mine.length === 0 ? (
            <p className="muted">{t("enrollment-empty-body")}</p>
          ) : (
            <DraftRows drafts={mine} onResume={onResume} />
          ))}
      </section>
      {others.length > 0 && (
        <section className="panel" aria-labelledby="enroll-other-drafts-title">
          <h2 id="enroll-other-drafts-title">{t("enroll-other-drafts")}</h2>
          <DraftRows drafts={others} onResume={onResume} />
        </section>
      )}
    </>
  );
}

function DraftRows({ drafts, onResume }: { drafts: DraftSummary[]; onResume: (draftId: string) => void }) {
  const { t, locale } = useL10n();
  return (
    <ul className="plain-list draft-list">
      {drafts.map((draft) => (
        <li key={draft.id}>
          <button
            type="button"
            className="draft-row"
            data-testid="enroll-draft"
            onClick={() => {
              onResume(draft.id);
            }}
          >
            <span className="patient-name">{draft.patientName === "" ? t("enroll-draft-unnamed") : draft.patientName}</span>
            <LanguageBadge language={draft.preferredLanguage} />
            <span className="muted">
              {t("enroll-draft-meta", {
                started: draft.startedBy,
                updated: draft.updatedBy,
                when: formatInstant(locale, draft.updatedAt),
              })}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
