// Bringing a pharmacy system's refill report in: pick the file (the system's open dialog, opened by
// Rust, which keeps the file's text), match its columns to Enlace's
// fields (suggested, saved once used), see the first rows and the rows with problems and what the
// import would write, then import it with progress, cancellable until the moment it is committed.
import { useState, type ReactNode } from "react";
import { Channel } from "@tauri-apps/api/core";
import { run } from "../api";
import {
  commands,
  type AppError,
  type ColumnMapping,
  type ImportField,
  type ImportPreview,
  type ImportProgress,
  type ImportReport,
  type ImportStage,
  type PreviewRow,
  type RowError,
} from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { useFocusOnMount } from "../hooks/useFocusOnMount";
import { useL10n } from "../l10n/context";

/** The words for each field of a refill report. */
export const IMPORT_FIELD_MESSAGES: Record<ImportField, string> = {
  patient_id: "import-field-patient-id",
  last_name: "import-field-last-name",
  first_name: "import-field-first-name",
  date_of_birth: "import-field-date-of-birth",
  phone: "import-field-phone",
  language: "import-field-language",
  time_zone: "import-field-time-zone",
  zip: "import-field-zip",
  rx_number: "import-field-rx-number",
  drug_name: "import-field-drug-name",
  strength: "import-field-strength",
  last_fill_date: "import-field-last-fill-date",
  days_supply: "import-field-days-supply",
  quantity: "import-field-quantity",
  refills_remaining: "import-field-refills-remaining",
  prescriber_name: "import-field-prescriber-name",
  prescriber_npi: "import-field-prescriber-npi",
};

const STAGE_MESSAGES: Record<ImportStage, string> = {
  reading: "import-stage-reading",
  matching: "import-stage-matching",
  writing: "import-stage-writing",
  saving: "import-stage-saving",
};

/** Problems listed after an import; the count says how many more there were. */
const REPORT_PROBLEMS_SHOWN = 20;

type Step =
  | { kind: "choose" }
  | { kind: "preview"; fileName: string; preview: ImportPreview }
  | { kind: "importing"; fileName: string; progress: ImportProgress | null; cancelling: boolean }
  | { kind: "done"; fileName: string; report: ImportReport }
  | { kind: "cancelled"; fileName: string };

export function ImportPanel({ onClose }: { onClose: (imported: boolean) => void }) {
  const { t } = useL10n();
  const titleRef = useFocusOnMount<HTMLHeadingElement>();
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const [error, setError] = useState<AppError | null>(null);
  const [imported, setImported] = useState(false);

  const [choosing, setChoosing] = useState(false);

  const preview = async (fileName: string, mapping: ColumnMapping | null) => {
    setError(null);
    const result = await run(() => commands.previewImport(mapping));
    if (result.status === "ok") {
      setStep({ kind: "preview", fileName, preview: result.data });
    } else {
      setError(result.error);
      setStep({ kind: "choose" });
    }
  };

  const chooseFile = async () => {
    setError(null);
    setChoosing(true);
    const result = await run(() => commands.chooseRefillReport());
    setChoosing(false);
    if (result.status === "error") {
      setError(result.error);
      setStep({ kind: "choose" });
    } else if (result.data !== null) {
      setStep({ kind: "preview", fileName: result.data.fileName, preview: result.data.preview });
    }
  };

  const startImport = async (fileName: string, mapping: ColumnMapping) => {
    setError(null);
    setStep({ kind: "importing", fileName, progress: null, cancelling: false });
    const channel = new Channel<ImportProgress>();
    channel.onmessage = (progress) => {
      setStep((current) => (current.kind === "importing" ? { ...current, progress } : current));
    };
    const result = await run(() => commands.importRefills(mapping, channel));
    if (result.status === "ok") {
      setImported(true);
      setStep({ kind: "done", fileName, report: result.data });
    } else if (result.error.code === "cancelled") {
      setStep({ kind: "cancelled", fileName });
    } else {
      setError(result.error);
      await preview(fileName, mapping);
    }
  };

  const fileButton = (labelId: string, primary: boolean) => (
    <button
      type="button"
      className={primary ? "button button-primary" : "button button-secondary"}
      data-testid="import-refills-file"
      disabled={choosing}
      onClick={() => void chooseFile()}
    >
      {t(labelId)}
    </button>
  );

  return (
    <section className="view import-panel" aria-labelledby="import-title" data-testid="import-panel">
      <div className="view-header">
        <button type="button" className="button button-back" onClick={() => { onClose(imported); }}>
          {t("import-back")}
        </button>
        <h1 id="import-title" ref={titleRef} tabIndex={-1}>
          {t("import-title")}
        </h1>
        {step.kind !== "choose" && <span className="view-meta">{step.fileName}</span>}
      </div>
      {error !== null && <ErrorLine error={error} />}

      {step.kind === "choose" && (
        <div className="panel import-choose">
          <p>{t("import-choose-help")}</p>
          <div className="form-actions">{fileButton("import-choose-file", true)}</div>
        </div>
      )}

      {choosing && (
        <p className="state state-loading" role="status">
          {t("import-reading-file")}
        </p>
      )}

      {step.kind === "preview" && (
        <PreviewStep
          preview={step.preview}
          onMapping={(mapping) => void preview(step.fileName, mapping)}
          onImport={() => void startImport(step.fileName, step.preview.mapping)}
          chooseAnother={fileButton("import-choose-another", false)}
        />
      )}

      {step.kind === "importing" && (
        <ProgressStep
          progress={step.progress}
          cancelling={step.cancelling}
          onCancel={() => {
            setStep({ ...step, cancelling: true });
            void commands.cancelImport();
          }}
        />
      )}

      {step.kind === "done" && <ReportStep report={step.report} onClose={() => { onClose(true); }} />}

      {step.kind === "cancelled" && (
        <div className="panel" role="status" data-testid="import-cancelled">
          <p className="state-title">{t("import-cancelled")}</p>
          <div className="form-actions">
            {fileButton("import-choose-another", false)}
            <button type="button" className="button button-secondary" onClick={() => { onClose(imported); }}>
              {t("import-back")}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function PreviewStep({
  preview,
  onMapping,
  onImport,
  chooseAnother,
}: {
  preview: ImportPreview;
  onMapping: (mapping: ColumnMapping) => void;
  onImport: () => void;
  chooseAnother: ReactNode;
}) {
  const { t } = useL10n();
  const goodRows = preview.rows - preview.rowsWithProblems;
  const mapped = preview.fields
    .map((field, index) => ({ field, index }))
    .filter(({ field }) => (preview.mapping[field] ?? "") !== "");
  const ready = preview.missing.length === 0 && goodRows > 0;

  return (
    <>
      <div className="panel" data-testid="import-mapping">
        <h2>{t("import-mapping-title")}</h2>
        <p className="hint">{t("import-mapping-help")}</p>
        <div className="import-mapping-grid">
          {preview.fields.map((field) => {
            const required = preview.required.includes(field);
            const chosen = preview.mapping[field] ?? "";
            const missing = preview.missing.includes(field);
            const id = `import-map-${field}`;
            return (
              <div key={field} className={missing ? "import-map is-missing" : "import-map"}>
                <label htmlFor={id}>
                  {t(IMPORT_FIELD_MESSAGES[field])}
                  {required && <span className="required-mark"> *</span>}
                </label>
                <select
                  id={id}
                  data-testid={id}
                  value={preview.headers.includes(chosen) ? chosen : ""}
                  aria-invalid={missing}
                  onChange={(event) => {
                    onMapping({ ...preview.mapping, [field]: event.target.value });
                  }}
                >
                  <option value="">{required ? t("import-map-choose") : t("import-map-none")}</option>
                  {preview.headers.map((header) => (
                    <option key={header} value={header}>
                      {header}
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </div>
        {preview.missing.length > 0 && (
          <p className="field-error" role="alert" data-testid="import-missing">
            {t("import-missing-columns", {
              fields: preview.missing.map((field) => t(IMPORT_FIELD_MESSAGES[field])).join(", "),
            })}
          </p>
        )}
      </div>

      {preview.missing.length === 0 && (
        <>
          <p className="notice" data-testid="import-preview-summary">
            {t("import-preview-summary", {
              rows: preview.rows,
              problems: preview.rowsWithProblems,
              patientsCreated: preview.patientsCreated,
              patientsUpdated: preview.patientsUpdated,
              prescriptionsCreated: preview.prescriptionsCreated,
              prescriptionsUpdated: preview.prescriptionsUpdated,
              unchanged: preview.rowsUnchanged,
            })}
          </p>
          <div className="panel">
            <h2>{t("import-first-rows")}</h2>
            <RowsTable rows={preview.firstRows} columns={mapped} />
          </div>
          {preview.problemRows.length > 0 && (
            <div className="panel" data-testid="import-problem-rows">
              <h2>
                {t("import-problem-rows", { shown: preview.problemRows.length, total: preview.rowsWithProblems })}
              </h2>
              <p className="hint">{t("import-problem-rows-help")}</p>
              <RowsTable rows={preview.problemRows} columns={mapped} />
            </div>
          )}
        </>
      )}

      <div className="form-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="import-confirm"
          disabled={!ready}
          onClick={onImport}
        >
          {t("import-confirm", { rows: goodRows })}
        </button>
        {chooseAnother}
      </div>
    </>
  );
}

function RowsTable({ rows, columns }: { rows: PreviewRow[]; columns: { field: ImportField; index: number }[] }) {
  const { t } = useL10n();
  return (
    <div className="table-wrap">
      <table className="data-table import-rows">
        <thead>
          <tr>
            <th className="numeric">{t("import-row")}</th>
            <th>{t("import-problems")}</th>
            {columns.map(({ field }) => (
              <th key={field}>{t(IMPORT_FIELD_MESSAGES[field])}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.row} className={row.problems.length > 0 ? "has-problem" : undefined}>
              <td className="numeric">{row.row}</td>
              <td>
                <ProblemList problems={row.problems} />
              </td>
              {columns.map(({ field, index }) => (
                <td key={field} className="nowrap">
                  {row.cells[index]}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ProblemList({ problems }: { problems: RowError[] }) {
  const { t } = useL10n();
  if (problems.length === 0) return <span className="muted">{t("import-row-ok")}</span>;
  return (
    <ul className="import-problems">
      {problems.map((problem) => (
        <li key={problem.column}>
          {t("import-cell-problem", { column: problem.column, reason: t(`import-error-${problem.reason}`) })}
        </li>
      ))}
    </ul>
  );
}

function ProgressStep({
  progress,
  cancelling,
  onCancel,
}: {
  progress: ImportProgress | null;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const { t } = useL10n();
  const stage = progress?.stage ?? "reading";
  const bar = (labelId: string, done: number, total: number, testId: string) => (
    <div className="import-progress-line" data-testid={testId}>
      <span>{t(labelId, { done, total })}</span>
      <progress value={done} max={Math.max(total, 1)} />
    </div>
  );
  return (
    <div className="panel" role="status" aria-live="polite" data-testid="import-progress">
      <p className="state-title">{cancelling ? t("import-cancelling") : t(STAGE_MESSAGES[stage])}</p>
      {bar("import-progress-rows", progress?.rowsRead ?? 0, progress?.rowsTotal ?? 0, "import-progress-rows")}
      {/* How much there is to write is known once the rows are matched. */}
      {progress !== null && (stage === "writing" || stage === "saving") && (
        <>
          {bar(
            "import-progress-patients",
            progress.patientsWritten,
            progress.patientsToWrite,
            "import-progress-patients",
          )}
          {bar(
            "import-progress-prescriptions",
            progress.prescriptionsWritten,
            progress.prescriptionsToWrite,
            "import-progress-prescriptions",
          )}
        </>
      )}
      <p>{t("import-progress-problems", { problems: progress?.problems ?? 0 })}</p>
      <p className="hint">{t("import-cancel-help")}</p>
      <div className="form-actions">
        <button
          type="button"
          className="button button-secondary"
          data-testid="import-cancel"
          disabled={cancelling || stage === "saving"}
          onClick={onCancel}
        >
          {t("import-cancel")}
        </button>
      </div>
    </div>
  );
}

function ReportStep({ report, onClose }: { report: ImportReport; onClose: () => void }) {
  const { t } = useL10n();
  const shown = report.errors.slice(0, REPORT_PROBLEMS_SHOWN);
  return (
    <div className="panel" data-testid="import-report">
      <p className="state-title" role="status">
        {t("import-done", {
          rows: report.rows,
          patientsCreated: report.patientsCreated,
          patientsUpdated: report.patientsUpdated,
          prescriptionsCreated: report.prescriptionsCreated,
          prescriptionsUpdated: report.prescriptionsUpdated,
          unchanged: report.rowsUnchanged,
          rejected: new Set(report.errors.map((error) => error.row)).size,
        })}
      </p>
      {shown.length > 0 && (
        <>
          <p>{t("import-left-out-help")}</p>
          <ul className="import-problems">
            {shown.map((error) => (
              <li key={`${error.row}-${error.column}`}>
                {t("import-row-error", { row: error.row, column: error.column, reason: t(`import-error-${error.reason}`) })}
              </li>
            ))}
          </ul>
          {report.errors.length > shown.length && (
            <p className="hint">{t("import-more-problems", { more: report.errors.length - shown.length })}</p>
          )}
        </>
      )}
      <div className="form-actions">
        <button type="button" className="button button-primary" data-testid="import-close" onClick={onClose}>
          {t("import-to-call-list")}
        </button>
      </div>
    </div>
  );
}
