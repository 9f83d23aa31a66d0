// Adherence as the proportion of days covered (PDC) over the last 180 days: per drug on the
// patient view, and the team's list of patients below 80% on some drug, lowest first.
import { useCallback } from "react";
import { commands, type DrugPdc } from "../bindings";
import { ListStates } from "../components/States";
import { useCommand } from "../hooks/useCommand";
import { useL10n } from "../l10n/context";

function PdcLine({ drug }: { drug: DrugPdc }) {
  const { t } = useL10n();
  if (!drug.measured) return <span className="muted">{t("adherence-not-measured")}</span>;
  return (
    <span className={drug.adherent ? "pdc pdc-adherent" : "pdc pdc-low"}>
      {t("adherence-percent", { percent: drug.percent, covered: drug.daysCovered, days: drug.daysInPeriod })}
    </span>
  );
}

/** One patient's PDC per drug (shown once the patient's identity is verified on a call). */
export function PatientAdherencePanel({ patientId }: { patientId: string }) {
  const { t } = useL10n();
  const adherence = useCommand(useCallback(() => commands.patientAdherence(patientId), [patientId]));
  return (
    <section className="panel" aria-labelledby="patient-adherence-title" data-testid="patient-adherence">
      <h2 id="patient-adherence-title">{t("adherence-title")}</h2>
      <ListStates command={adherence} empty={{ titleId: "adherence-none-title", bodyId: "adherence-none-body" }} />
      {adherence.state.status === "ok" && adherence.state.data.length > 0 && (
        <dl className="facts">
          {adherence.state.data.map((drug) => (
            <div key={drug.drug} className="fact">
              <dt>
                {drug.drug} <span className="muted small">{t("adherence-fills", { count: drug.fills })}</span>
              </dt>
              <dd>
                <PdcLine drug={drug} />
              </dd>
            </div>
          ))}
        </dl>
      )}
      <p className="muted small">{t("adherence-method")}</p>
    </section>
  );
}

export function TeamAdherencePanel({ onOpenPatient }: { onOpenPatient: (id: string) => void }) {
  const { t } = useL10n();
  const list = useCommand(useCallback(() => commands.nonAdherentPatients(), []));
  return (
    <section className="panel" aria-labelledby="team-adherence-title" data-testid="team-adherence">
      <h2 id="team-adherence-title">
        {t("adherence-team-title", { count: list.state.status === "ok" ? list.state.data.length : 0 })}
      </h2>
      <p className="muted small">{t("adherence-method")}</p>
      <ListStates command={list} empty={{ titleId: "adherence-team-empty-title", bodyId: "adherence-team-empty-body" }} />
      {list.state.status === "ok" && list.state.data.length > 0 && (
        <div className="table-wrap">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("adherence-patient")}</th>
                <th scope="col">{t("adherence-lowest")}</th>
                <th scope="col">{t("adherence-drugs-below")}</th>
              </tr>
            </thead>
            <tbody>
              {list.state.data.map((row) => (
                <tr key={row.patientId} data-testid="non-adherent-patient">
                  <th scope="row">
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => {
                        onOpenPatient(row.patientId);
                      }}
                    >
                      {row.patientName}
                    </button>
                  </th>
                  <td className="number">{t("adherence-percent-short", { percent: row.lowestPercent })}</td>
                  <td>
                    {row.drugs
                      .filter((drug) => drug.measured && !drug.adherent)
                      .map((drug) => `${drug.drug} (${t("adherence-percent-short", { percent: drug.percent })})`)
                      .join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
