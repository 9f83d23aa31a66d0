// A likely duplicate, shown before anything is created: the coordinator says whether the person
// she is enrolling is one of these patients or someone new.
import { useEffect, useRef } from "react";
import type { DuplicateDecision, PatientSummary } from "../bindings";
import { useL10n } from "../l10n/context";
import { formatDate, formatPhone } from "../l10n/format";

export function DuplicatePanel({
  candidates,
  onDecide,
}: {
  candidates: PatientSummary[];
  onDecide: (decision: DuplicateDecision) => void;
}) {
  const { t, locale } = useL10n();
  const firstRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    firstRef.current?.focus();
  }, []);
  return (
    <section className="panel duplicate-panel" role="alert" aria-labelledby="enroll-duplicate-title" data-testid="enroll-duplicates">
      <h2 id="enroll-duplicate-title">{t("enroll-duplicate-title")}</h2>
      <p>{t("enroll-duplicate-body")}</p>
      <ul className="plain-list">
        {candidates.map((candidate, index) => (
          <li key={candidate.id} className="duplicate-candidate">
            <span className="patient-name">{candidate.fullName}</span>
            <span>{formatDate(locale, candidate.dateOfBirth, "medium")}</span>
            <span>{candidate.phone !== null ? formatPhone(candidate.phone) : t("phone-none")}</span>
            {candidate.externalId !== null && <span className="muted">{candidate.externalId}</span>}
            <button
              type="button"
              className="button"
              ref={index === 0 ? firstRef : undefined}
              data-testid="enroll-same-patient"
              onClick={() => {
                onDecide({ kind: "same-patient", patientId: candidate.id });
              }}
            >
              {t("enroll-same-patient")}
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="button"
        data-testid="enroll-new-patient"
        onClick={() => {
          onDecide({ kind: "new-patient" });
        }}
      >
        {t("enroll-new-patient")}
      </button>
    </section>
  );
}
