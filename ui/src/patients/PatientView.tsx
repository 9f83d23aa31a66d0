import { useCallback, useEffect, useRef, useState, type Ref } from "react";
import {
  commands,
  type ContactReason,
  type Interaction,
  type PatientDetail,
  type PharmacySettings,
  type PrescriptionView,
} from "../bindings";
import { FlagForSupervisor } from "../components/FlagForSupervisor";
import { PatientAdherencePanel } from "./AdherencePanels";
import { CallPanel, type CallDirection } from "../calls/CallPanel";
import { LogContactForm } from "./LogContactForm";
import { TaskForm } from "../tasks/TaskForm";
import { TaskList } from "../tasks/TaskList";
import { PatientConsentPanel } from "./PatientConsentPanel";
import { PatientConsultsPanel, openConsultRequest } from "./PatientConsultsPanel";
import { PatientProfilePanel } from "./PatientProfilePanel";
import {
  CorrectContactButton,
  PATIENT_STATUS_MESSAGES,
  PatientContactForm,
  RecordChanges,
} from "./PatientContactPanel";
import { Fact } from "../components/Fact";
import { DueStatus } from "../components/DueStatus";
import { LanguageBadge } from "../components/LanguageBadge";
import { PhoneLink } from "../components/PhoneLink";
import { LoadError, Loading } from "../components/States";
import { Tag } from "../components/Tag";
import { useCommand } from "../hooks/useCommand";
import { useNow } from "../hooks/timing";
import { useL10n } from "../l10n/context";
import { formatDate, formatInstant, formatNumber, formatTimeInZone, timeZoneName } from "../l10n/format";
import {
  CHANNEL_MESSAGES,
  DIRECTION_MESSAGES,
  DISPOSITION_MESSAGES,
  PARTY_MESSAGES,
  PHONE_KIND_MESSAGES,
  REASON_MESSAGES,
  impliedDirection,
} from "../l10n/messageIds";

interface Props {
  patientId: string;
  /** Opened for the caller on the line: the page starts with the inbound-call panel. */
  inboundCall: boolean;
  /** The signed-in user: "me" on a task, the name the inbound greeting gives. */
  username: string;
  displayName: string;
  pharmacy: PharmacySettings | null;
  onBack: () => void;
  /** Opens the next patient of the call list; null when this is the last or not from the list. */
  onNext: (() => void) | null;
  /** Opens this patient's audit trail; null for users who may not read it. */
  onShowAudit: ((patientId: string) => void) | null;
  canRequestConsult: boolean;
  /** Coordinators and supervisors correct the patient's contact record. */
  canEdit: boolean;
}

export function PatientView({
  patientId,
  inboundCall,
  username,
  displayName,
  pharmacy,
  onBack,
  onNext,
  onShowAudit,
  canRequestConsult,
  canEdit,
}: Props) {
  const { t } = useL10n();
  const load = useCallback(() => commands.patientDetail(patientId), [patientId]);
  const { state, reload } = useCommand(load);
  const titleRef = useRef<HTMLHeadingElement>(null);

  const loaded = state.status === "ok";
  useEffect(() => {
    if (loaded) titleRef.current?.focus();
  }, [loaded]);

  return (
    <article className="view patient-view" data-testid="patient-view" aria-labelledby="patient-title">
      <div className="view-toolbar">
        <button type="button" className="button button-back" onClick={onBack} aria-keyshortcuts="Escape">
          <span>{t("patient-back")}</span>
          <kbd>{t("key-escape")}</kbd>
        </button>
        {onShowAudit !== null && (
          <button
            type="button"
            className="button"
            data-testid="patient-audit"
            onClick={() => {
              onShowAudit(patientId);
            }}
          >
            {t("patient-audit-trail")}
          </button>
        )}
      </div>
      {state.status === "ok" ? (
        <PatientBody
          detail={state.data}
          inboundCall={inboundCall}
          username={username}
          displayName={displayName}
          titleRef={titleRef}
          pharmacy={pharmacy}
          onNext={onNext}
          canRequestConsult={canRequestConsult}
          canEdit={canEdit}
          onChanged={reload}
          onSaved={reload}
        />
      ) : (
        <header className="view-header">
          <h1 id="patient-title" data-testid="page-title" tabIndex={-1} ref={titleRef} className="muted">
            {t("loading")}
          </h1>
        </header>
      )}
      {state.status === "loading" && <Loading />}
      {state.status === "error" && <LoadError error={state.error} onRetry={reload} />}
    </article>
  );
}

interface BodyProps {
  detail: PatientDetail;
  inboundCall: boolean;
  username: string;
  displayName: string;
  titleRef: Ref<HTMLHeadingElement>;
  pharmacy: PharmacySettings | null;
  onNext: (() => void) | null;
  canRequestConsult: boolean;
  canEdit: boolean;
  /** The record changed (a consent revoked): load it again. */
  onChanged: () => void;
  /** A correction was saved: load the record as it now stands. */
  onSaved: () => void;
}

function PatientBody({
  detail,
  inboundCall,
  username,
  displayName,
  titleRef,
  pharmacy,
  onNext,
  canRequestConsult,
  canEdit,
  onChanged,
  onSaved,
}: BodyProps) {
  const { t, locale } = useL10n();
  const now = useNow();
  const { patient } = detail;
  // A patient due a reminder opens with the call panel; the caller on the line with the inbound one.
  const due = detail.call !== null && detail.call.state.kind === "open";
  const [call, setCall] = useState<CallDirection | null>(inboundCall ? "inbound" : due ? "outbound" : null);
  // On a call, medications stay hidden until name and date of birth are confirmed.
  const onCall = call !== null;
  const [verified, setVerified] = useState(false);
  const [loggingContact, setLoggingContact] = useState(false);
  // The follow-up task form, with the contact it follows and its reason, when open.
  const [taskFor, setTaskFor] = useState<{ interactionId: string | null; reason: ContactReason } | null>(null);
  // Bumped when the call panel asks for the consult form: the panel opens anew with it showing.
  const [consultFormOpens, setConsultFormOpens] = useState(0);
  const showMedications = !onCall || verified;
  const [correcting, setCorrecting] = useState(false);

  return (
    <>
      <header className="view-header">
        <h1 id="patient-title" data-testid="page-title" tabIndex={-1} ref={titleRef}>
          {detail.fullName}
        </h1>
        <LanguageBadge language={patient.preferredLanguage} />
        {patient.status !== "active" && (
          <span className="tag tag-critical" data-testid="patient-status">
            {t(PATIENT_STATUS_MESSAGES[patient.status])}
          </span>
        )}
      </header>

      <div className="contact-actions no-print">
        {call !== "inbound" && (
          <button
            type="button"
            className="button"
            data-testid="patient-inbound-call"
            onClick={() => {
              setCall("inbound");
            }}
          >
            {t("patient-inbound-call")}
          </button>
        )}
        {call === null && (
          <button
            type="button"
            className="button"
            data-testid="patient-outbound-call"
            onClick={() => {
              setCall("outbound");
            }}
          >
            {t("patient-outbound-call")}
          </button>
        )}
        {!loggingContact && (
          <button
            type="button"
            className="button"
            data-testid="patient-log-contact"
            onClick={() => {
              setLoggingContact(true);
            }}
          >
            {t("patient-log-contact")}
          </button>
        )}
        {taskFor === null && (
          <button
            type="button"
            className="button"
            data-testid="task-new"
            onClick={() => {
              setTaskFor({ interactionId: null, reason: "refill" });
            }}
          >
            {t("task-new")}
          </button>
        )}
      </div>

      {loggingContact && (
        <LogContactForm
          detail={detail}
          onSaved={(saved, reason) => {
            setLoggingContact(false);
            setTaskFor({ interactionId: saved.interactionId, reason });
            onChanged();
          }}
          onCancel={() => {
            setLoggingContact(false);
          }}
        />
      )}

      {call !== null && (
        <CallPanel
          key={call}
          detail={detail}
          direction={call}
          status={detail.call}
          coordinatorName={displayName}
          pharmacy={pharmacy}
          verified={verified}
          onVerifiedChange={setVerified}
          onNext={onNext}
          onRequestConsult={
            canRequestConsult
              ? () => {
                  openConsultRequest(patient.id);
                  setConsultFormOpens((count) => count + 1);
                }
              : null
          }
          onSaved={null}
          onAddTask={(interactionId) => {
            setTaskFor({ interactionId, reason: "refill" });
          }}
        />
      )}

      <section className="section" aria-labelledby="patient-tasks-title">
        <h2 id="patient-tasks-title">{t("tasks-title")}</h2>
        {taskFor !== null && (
          <TaskForm
            key={taskFor.interactionId ?? "new"}
            patient={{ id: patient.id, timeZone: detail.timeZone }}
            interactionId={taskFor.interactionId}
            initialReason={taskFor.reason}
            username={username}
            onCreated={() => {
              setTaskFor(null);
              onChanged();
            }}
            onCancel={() => {
              setTaskFor(null);
            }}
          />
        )}
        {detail.tasks.length === 0 ? (
          <p className="muted">{t("tasks-none")}</p>
        ) : (
          <TaskList
            rows={detail.tasks}
            onChanged={onChanged}
            onOpenPatient={null}
            testId="patient-tasks"
            labelledBy="patient-tasks-title"
          />
        )}
      </section>

      <PatientConsultsPanel
        key={consultFormOpens}
        formInitiallyOpen={consultFormOpens > 0}
        detail={detail}
        pharmacyZone={pharmacy?.timeZone ?? detail.timeZone}
        canRequest={canRequestConsult}
      />

      <div className="panels">
        <section className="panel" aria-labelledby="patient-details-title">
          <h2 id="patient-details-title">{t("patient-details")}</h2>
          <dl className="facts">
            <Fact label={t("patient-dob")}>{formatDate(locale, patient.dateOfBirth)}</Fact>
            <Fact label={t("patient-preferred-language")}>
              <LanguageBadge language={patient.preferredLanguage} />
            </Fact>
            <Fact label={t("patient-time-zone")}>
              {t("zone-with-id", { name: timeZoneName(locale, detail.timeZone, now), id: detail.timeZone })}
              {!patient.timeZoneConfirmed && (
                <span className="hint zone-suggested" data-testid="zone-suggested">
                  {t("patient-zone-suggested")}
                </span>
              )}
            </Fact>
            <Fact label={t("patient-local-time")}>
              <span className="local-time">{formatTimeInZone(locale, detail.timeZone, now)}</span>
            </Fact>
          </dl>
        </section>

        <section className="panel" aria-labelledby="patient-phones-title">
          <div className="section-head">
            <h2 id="patient-phones-title">{t("patient-phones")}</h2>
          </div>
          {patient.phones.length === 0 ? (
            <p className="muted">{t("patient-phones-none")}</p>
          ) : (
            <dl className="facts">
              {patient.phones.map((phone) => (
                <Fact key={`${phone.kind}-${phone.e164}`} label={t(PHONE_KIND_MESSAGES[phone.kind])}>
                  <PhoneLink e164={phone.e164} name={detail.fullName} />
                </Fact>
              ))}
            </dl>
          )}
          {canEdit && !correcting && (
            <CorrectContactButton
              onOpen={() => {
                setCorrecting(true);
              }}
            />
          )}
        </section>

        <PatientConsentPanel detail={detail} onChanged={onChanged} />
        {detail.profile !== null && <PatientProfilePanel profile={detail.profile} showHealth={showMedications} />}
        <RecordChanges changes={detail.recordChanges} />
      </div>

      {correcting && (
        <PatientContactForm
          detail={detail}
          onSaved={onSaved}
          onClose={() => {
            setCorrecting(false);
          }}
        />
      )}

      <section className="section" aria-labelledby="patient-rx-title">
        <h2 id="patient-rx-title">{t("patient-prescriptions")}</h2>
        {!showMedications ? (
          <p className="muted">{t("verify-first")}</p>
        ) : detail.prescriptions.length === 0 ? (
          <p className="muted">{t("rx-none")}</p>
        ) : (
          <div className="table-wrap">
            <PrescriptionTable prescriptions={detail.prescriptions} />
          </div>
        )}
      </section>

      {showMedications && <PatientAdherencePanel patientId={patient.id} />}

      <section className="section" aria-labelledby="patient-history-title">
        <div className="section-head">
          <h2 id="patient-history-title">{t("patient-history")}</h2>
          {!onCall && (
            <FlagForSupervisor patientId={patient.id} interactionId={detail.interactions[0]?.id ?? null} />
          )}
        </div>
        {detail.interactions.length === 0 ? (
          <p className="muted">{t("history-none")}</p>
        ) : (
          <div className="table-wrap">
            <HistoryTable interactions={detail.interactions} />
          </div>
        )}
      </section>
    </>
  );
}

function PrescriptionTable({ prescriptions }: { prescriptions: PrescriptionView[] }) {
  const { t, locale } = useL10n();
  return (
    <table className="data-table" aria-labelledby="patient-rx-title">
      <thead>
        <tr>
          <th scope="col">{t("rx-col-drug")}</th>
          <th scope="col">{t("rx-col-strength")}</th>
          <th scope="col">{t("rx-col-directions")}</th>
          <th scope="col" className="numeric">
            {t("rx-col-days-supply")}
          </th>
          <th scope="col" className="numeric">
            {t("rx-col-refills-left")}
          </th>
          <th scope="col">{t("rx-col-last-fill")}</th>
          <th scope="col">{t("rx-col-due-date")}</th>
          <th scope="col">{t("rx-col-status")}</th>
        </tr>
      </thead>
      <tbody>
        {prescriptions.map(({ prescription: rx, status }) => (
          <tr key={rx.id} className={rx.active ? undefined : "is-inactive"}>
            <td>
              <span className="drug-name">{rx.drug}</span>
              {rx.critical && <Tag kind="critical" />}
            </td>
            <td>{rx.strength}</td>
            <td className="directions">{rx.directions}</td>
            <td className="numeric">{formatNumber(locale, rx.daysSupply)}</td>
            <td className="numeric">{formatNumber(locale, rx.refillsLeft)}</td>
            <td className="nowrap">{formatDate(locale, rx.lastFillDate, "medium")}</td>
            <td className="nowrap">
              {status.kind === "inactive" ? t("value-none") : formatDate(locale, status.dueOn, "medium")}
            </td>
            <td>
              {status.kind === "inactive" && <span className="muted">{t("rx-status-inactive")}</span>}
              {status.kind === "notYet" && (
                <span className="muted">{t("rx-status-not-yet", { date: formatDate(locale, status.opensOn) })}</span>
              )}
              {status.kind === "due" && (
                <span className="status-due">
                  <DueStatus daysUntilDue={status.daysUntilDue} />
                  {status.renewalNeeded && <Tag kind="renewal-needed" />}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function HistoryTable({ interactions }: { interactions: Interaction[] }) {
  const { t, locale } = useL10n();
  // The command returns newest first; sort anyway so the order never depends on the backend.
  const sorted = [...interactions].sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
  return (
    <table className="data-table" aria-labelledby="patient-history-title">
      <thead>
        <tr>
          <th scope="col">{t("history-col-when")}</th>
          <th scope="col">{t("history-col-by")}</th>
          <th scope="col">{t("history-col-channel")}</th>
          <th scope="col">{t("history-col-who")}</th>
          <th scope="col">{t("history-col-about")}</th>
          <th scope="col">{t("history-col-outcome")}</th>
          <th scope="col">{t("history-col-language")}</th>
          <th scope="col">{t("history-col-notes")}</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((item) => (
          <tr key={item.id}>
            <td className="nowrap">{formatInstant(locale, item.occurredAt)}</td>
            <td>{item.recordedBy}</td>
            <td>
              {t(CHANNEL_MESSAGES[item.channel])}
              {impliedDirection(item.channel) === null && (
                <span className="muted">{t("history-direction", { direction: t(DIRECTION_MESSAGES[item.direction]) })}</span>
              )}
            </td>
            <td>{t(PARTY_MESSAGES[item.party])}</td>
            <td>{item.reason === null ? "" : t(REASON_MESSAGES[item.reason])}</td>
            <td>{item.disposition === null ? "" : t(DISPOSITION_MESSAGES[item.disposition])}</td>
            <td>
              <LanguageBadge language={item.language} />
            </td>
            <td className="notes">{item.notes}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
