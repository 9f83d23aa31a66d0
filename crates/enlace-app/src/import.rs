//! Importing the pharmacy system's refill report (CSV). Rows are validated
//! by the domain's rules; good rows become patient and prescription changes
//! applied in one transaction, bad rows are reported with row, column and
//! reason. Patients match by the pharmacy's id and prescriptions by Rx
//! number, and only fields that differ are written, so importing the same
//! file twice changes nothing.

use std::collections::HashMap;
use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, NaiveDate, Utc};
use enlace_domain::import::{
    ColumnMapping, ImportField, RefillRow, RowError, check_dates, cleaned_headers, locate_columns, parse_refill_row,
    suggest_mapping,
};
use enlace_domain::{ContactConsents, EntityId, Patient, Phone, PhoneKind, Prescription, local_date};
use enlace_store::entities::{patient_mutation, prescription_mutation};
use enlace_store::{ChangeRecord, Entity, Mutation, new_id};
use serde::Serialize;

use crate::access::Actor;
use crate::{App, AppError, ErrorCode};
use enlace_domain::{Action, AuditAction};

/// Where the column mapping for refill reports is kept on this device.
const MAPPING_KEY: &str = "import-mapping:refills";

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    /// Data rows read (the header not counted).
    pub rows: u32,
    pub patients_created: u32,
    pub patients_updated: u32,
    pub prescriptions_created: u32,
    pub prescriptions_updated: u32,
    /// Good rows that matched what the store already held.
    pub rows_unchanged: u32,
    /// Rows left out, each with the problem cells.
    pub errors: Vec<RowError>,
}

/// What importing a file would do, shown before anything is written: the
/// file's columns and the mapping that reads them, the first rows as read,
/// the first rows with problems, and the counts the import would write.
#[derive(Debug, Clone, Default, PartialEq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// The file's header row as written.
    pub headers: Vec<String>,
    /// Every field's column in this file ("" for an optional field it lacks).
    pub mapping: ColumnMapping,
    /// Every field, in the order of each row's `cells`.
    pub fields: Vec<ImportField>,
    /// The fields a report must have.
    pub required: Vec<ImportField>,
    /// Required fields the mapping finds no column for; while any are, no row is read.
    pub missing: Vec<ImportField>,
    /// Data rows in the file.
    pub rows: u32,
    pub rows_with_problems: u32,
    /// The file's first rows.
    pub first_rows: Vec<PreviewRow>,
    /// The first rows with a problem.
    pub problem_rows: Vec<PreviewRow>,
    pub patients_created: u32,
    pub patients_updated: u32,
    pub prescriptions_created: u32,
    pub prescriptions_updated: u32,
    pub rows_unchanged: u32,
}

/// One row as the mapping reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    /// As a spreadsheet numbers it (the header is row 1).
    pub row: u32,
    /// The cell of each field, in the order of [`ImportField::ALL`] ("" where unmapped).
    pub cells: Vec<String>,
    pub problems: Vec<RowError>,
}

/// Rows a preview shows from the top of the file, and rows with problems at most.
const PREVIEW_FIRST_ROWS: usize = 5;
const PREVIEW_PROBLEM_ROWS: usize = 20;
/// Rows read between two progress reports.
const PROGRESS_EVERY_ROWS: u32 = 2_000;

/// Where a running import stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    pub stage: ImportStage,
    pub rows_read: u32,
    pub rows_total: u32,
    /// Rows with problems so far (they are left out).
    pub problems: u32,
    pub patients_written: u32,
    pub patients_to_write: u32,
    pub prescriptions_written: u32,
    pub prescriptions_to_write: u32,
}

/// The import's stages, in order. Nothing is committed before `Saving` ends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "kebab-case")]
pub enum ImportStage {
    #[default]
    Reading,
    /// Matching rows with the patients and prescriptions already here.
    Matching,
    Writing,
    /// The call list and search are brought up to date, then the whole import is committed.
    Saving,
}

/// A refill report read by a mapping: its rows, good and bad.
struct ReadReport {
    headers: Vec<String>,
    mapping: ColumnMapping,
    rows: u32,
    good_rows: Vec<RefillRow>,
    errors: Vec<RowError>,
    rows_with_problems: u32,
    first_rows: Vec<PreviewRow>,
    problem_rows: Vec<PreviewRow>,
}

impl App {
    /// The column mapping saved on this device (the default header if none).
    pub async fn import_mapping(&self) -> Result<ColumnMapping, AppError> {
        match self.store().local_value(MAPPING_KEY).await? {
            Some(text) => serde_json::from_str(&text).map_err(|_| AppError::new(ErrorCode::InvalidInput)),
            None => Ok(ColumnMapping::default()),
        }
    }

    pub async fn save_import_mapping(&self, mapping: &ColumnMapping) -> Result<(), AppError> {
        let text = serde_json::to_string(mapping).map_err(|_| AppError::new(ErrorCode::Internal))?;
        Ok(self.store().set_local_value(MAPPING_KEY, &text).await?)
    }

    /// What importing `csv` with `mapping` (else the saved one, with
    /// suggestions for another system's headers) would do. Writes nothing.
    pub async fn preview_import(
        &self,
        actor: &Actor,
        csv: &[u8],
        mapping: Option<ColumnMapping>,
        now: DateTime<Utc>,
    ) -> Result<ImportPreview, AppError> {
        actor.require(Action::ImportRefills)?;
        let (_, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let mapping = match mapping {
            Some(mapping) => mapping,
            None => self.import_mapping().await?,
        };
        let required = ImportField::ALL.into_iter().filter(|field| field.required()).collect();
        let read = match read_report(csv, &mapping, local_date(now, pharmacy_zone), &mut |_| ControlFlow::Continue(()))
        {
            Ok(read) => read,
            Err(ReadFailure::Columns { headers, mapping, missing }) => {
                return Ok(ImportPreview {
                    headers,
                    mapping,
                    fields: ImportField::ALL.to_vec(),
                    required,
                    missing,
                    ..ImportPreview::default()
                });
            }
            Err(ReadFailure::Unreadable(error)) => return Err(error),
            Err(ReadFailure::Stopped) => return Err(AppError::new(ErrorCode::Cancelled)),
        };
        let plan = self.plan_import(&read.good_rows).await?;
        Ok(ImportPreview {
            headers: read.headers,
            mapping: read.mapping,
            fields: ImportField::ALL.to_vec(),
            required,
            missing: Vec::new(),
            rows: read.rows,
            rows_with_problems: read.rows_with_problems,
            first_rows: read.first_rows,
            problem_rows: read.problem_rows,
            patients_created: plan.patients_created,
            patients_updated: plan.patients_updated,
            prescriptions_created: plan.prescriptions_created,
            prescriptions_updated: plan.prescriptions_updated,
            rows_unchanged: plan.rows_unchanged,
        })
    }

    /// Imports a refill report with the saved mapping. A file that cannot be
    /// read as one (not CSV, required columns missing) is refused whole with
    /// `import-unreadable`; otherwise good rows are written together and bad
    /// rows reported.
    pub async fn import_refills(
        &self,
        actor: &Actor,
        csv: &[u8],
        now: DateTime<Utc>,
    ) -> Result<ImportReport, AppError> {
        self.import_refills_watched(actor, csv, None, now, &mut |_| {}, &AtomicBool::new(false)).await
    }

    /// [`App::import_refills`] as someone watches it: `progress` hears where
    /// it stands every few thousand rows, and setting `cancel` stops it at
    /// the next report with `cancelled`, before anything is committed.
    /// `mapping`, when given, is saved for the next import once this one is.
    pub async fn import_refills_watched(
        &self,
        actor: &Actor,
        csv: &[u8],
        mapping: Option<ColumnMapping>,
        now: DateTime<Utc>,
        progress: &mut (dyn FnMut(&ImportProgress) + Send),
        cancel: &AtomicBool,
    ) -> Result<ImportReport, AppError> {
        actor.require(Action::ImportRefills)?;
        let (_, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let given_mapping = mapping.is_some();
        let mapping = match mapping {
            Some(mapping) => mapping,
            None => self.import_mapping().await?,
        };
        let cancelled = || cancel.load(Ordering::Relaxed);
        let mut state = ImportProgress { rows_total: count_records(csv), ..ImportProgress::default() };
        progress(&state);

        let read = read_report(csv, &mapping, local_date(now, pharmacy_zone), &mut |read: &ReadSoFar| {
            state.rows_read = read.rows;
            state.problems = read.rows_with_problems;
            progress(&state);
            if cancelled() { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
        })
        .map_err(|failure| match failure {
            ReadFailure::Columns { missing, .. } => {
                let names: Vec<&str> = missing.iter().map(|field| mapping.header_for(*field)).collect();
                AppError::new(ErrorCode::ImportUnreadable).with_arg("columns", names.join(", "))
            }
            ReadFailure::Unreadable(error) => error,
            ReadFailure::Stopped => AppError::new(ErrorCode::Cancelled),
        })?;
        state.rows_read = read.rows;
        state.problems = read.rows_with_problems;
        state.stage = ImportStage::Matching;
        progress(&state);

        let plan = self.plan_import(&read.good_rows).await?;
        if cancelled() {
            return Err(AppError::new(ErrorCode::Cancelled));
        }
        let report = ImportReport {
            rows: read.rows,
            patients_created: plan.patients_created,
            patients_updated: plan.patients_updated,
            prescriptions_created: plan.prescriptions_created,
            prescriptions_updated: plan.prescriptions_updated,
            rows_unchanged: plan.rows_unchanged,
            errors: read.errors,
        };
        state.stage = ImportStage::Writing;
        state.patients_to_write = plan.patients_created + plan.patients_updated;
        state.prescriptions_to_write = plan.prescriptions_created + plan.prescriptions_updated;
        progress(&state);

        // The import is audited even when it changed nothing.
        let mut counted = 0;
        let mut step = |written: &[ChangeRecord]| {
            for record in &written[counted..] {
                match record.entity {
                    Entity::Patient => state.patients_written += 1,
                    Entity::Prescription => state.prescriptions_written += 1,
                    _ => {}
                }
            }
            if written.len() > counted {
                counted = written.len();
                // The last call comes once every row is written, before the commit.
                if state.patients_written == state.patients_to_write
                    && state.prescriptions_written == state.prescriptions_to_write
                {
                    state.stage = ImportStage::Saving;
                }
                progress(&state);
            }
            if cancelled() { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
        };
        self.store()
            .apply_audited_in_steps(plan.mutations, vec![actor.audit(AuditAction::Import, now)], &mut step)
            .await?;
        if given_mapping {
            self.save_import_mapping(&read.mapping).await?;
        }
        tracing::info!(
            rows = report.rows,
            rejected = report.errors.len(),
            patients_created = report.patients_created,
            prescriptions_updated = report.prescriptions_updated,
            "refill report imported"
        );
        Ok(report)
    }

    /// The changes that bring the store in line with `rows`.
    async fn plan_import(&self, rows: &[RefillRow]) -> Result<ImportPlan, AppError> {
        let mut patients: HashMap<String, Patient> = HashMap::new();
        for patient in self.store().all_patients().await? {
            if let Some(external_id) = patient.external_id.clone() {
                patients.insert(external_id, patient);
            }
        }
        let mut prescriptions: HashMap<String, Prescription> = HashMap::new();
        for prescription in self.store().all_prescriptions().await? {
            if let Some(rx_number) = prescription.rx_number.clone() {
                prescriptions.insert(rx_number, prescription);
            }
        }

        let mut plan = ImportPlan::default();
        for row in rows {
            let mut changed = false;
            let patient_id = match patients.get_mut(&row.patient_id) {
                Some(existing) => {
                    let updated = updated_patient(existing, row);
                    if let Some(mutation) = patient_mutation(&updated).changed_since(&patient_mutation(existing)) {
                        plan.mutations.push(mutation);
                        plan.patients_updated += 1;
                        changed = true;
                        *existing = updated;
                    }
                    existing.id
                }
                None => {
                    let created = new_patient(row);
                    plan.mutations.push(patient_mutation(&created));
                    plan.patients_created += 1;
                    changed = true;
                    let id = created.id;
                    patients.insert(row.patient_id.clone(), created);
                    id
                }
            };
            match prescriptions.get_mut(&row.rx_number) {
                Some(existing) => {
                    let updated = updated_prescription(existing, patient_id, row);
                    if let Some(mutation) =
                        prescription_mutation(&updated).changed_since(&prescription_mutation(existing))
                    {
                        plan.mutations.push(mutation);
                        plan.prescriptions_updated += 1;
                        changed = true;
                        *existing = updated;
                    }
                }
                None => {
                    let created = updated_prescription(&blank_prescription(patient_id), patient_id, row);
                    plan.mutations.push(prescription_mutation(&created));
                    plan.prescriptions_created += 1;
                    changed = true;
                    prescriptions.insert(row.rx_number.clone(), created);
                }
            }
            if !changed {
                plan.rows_unchanged += 1;
            }
        }
        Ok(plan)
    }
}

/// How far reading has come, for progress reports.
struct ReadSoFar {
    rows: u32,
    rows_with_problems: u32,
}

enum ReadFailure {
    /// The file's header lacks required columns under this mapping.
    Columns { headers: Vec<String>, mapping: ColumnMapping, missing: Vec<ImportField> },
    /// Not CSV at all, or a row CSV cannot read.
    Unreadable(AppError),
    /// `on_progress` asked to stop.
    Stopped,
}

/// Data rows in `csv`, counted cheaply before an import reads them properly.
fn count_records(csv: &[u8]) -> u32 {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(csv);
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u32;
    while let Ok(true) = reader.read_byte_record(&mut record) {
        rows = rows.saturating_add(1);
    }
    rows
}

/// Reads every row of `csv` through the domain's rules, with `mapping` made
/// complete for this file's headers ([`suggest_mapping`]).
fn read_report(
    csv: &[u8],
    mapping: &ColumnMapping,
    today: NaiveDate,
    on_progress: &mut dyn FnMut(&ReadSoFar) -> ControlFlow<()>,
) -> Result<ReadReport, ReadFailure> {
    let unreadable = || AppError::new(ErrorCode::ImportUnreadable);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(csv);
    let header_record = reader.headers().map_err(|_| ReadFailure::Unreadable(unreadable()))?.clone();
    let header_names: Vec<&str> = header_record.iter().collect();
    let headers: Vec<String> = cleaned_headers(&header_names).into_iter().map(str::to_owned).collect();
    let mapping = suggest_mapping(&header_names, mapping);
    let columns = locate_columns(&header_names, &mapping).map_err(|missing| ReadFailure::Columns {
        headers: headers.clone(),
        mapping: mapping.clone(),
        missing,
    })?;

    let mut read = ReadReport {
        headers,
        mapping,
        rows: 0,
        good_rows: Vec::new(),
        errors: Vec::new(),
        rows_with_problems: 0,
        first_rows: Vec::new(),
        problem_rows: Vec::new(),
    };
    for (index, record) in reader.records().enumerate() {
        // Row 1 is the header, so the first data row is row 2, as a spreadsheet shows it.
        let row_number = u32::try_from(index).unwrap_or(u32::MAX).saturating_add(2);
        read.rows = read.rows.saturating_add(1);
        let record =
            record.map_err(|_| ReadFailure::Unreadable(unreadable().with_arg("row", row_number.to_string())))?;
        let cells: Vec<&str> = record.iter().collect();
        let problems = match parse_refill_row(&columns, &cells, row_number) {
            Ok(row) => {
                let problems = check_dates(&columns, &row, today, row_number);
                if problems.is_empty() {
                    read.good_rows.push(row);
                }
                problems
            }
            Err(problems) => problems,
        };
        let shown_first = read.first_rows.len() < PREVIEW_FIRST_ROWS;
        let shown_with_problem = !problems.is_empty() && read.problem_rows.len() < PREVIEW_PROBLEM_ROWS;
        if shown_first || shown_with_problem {
            let shown =
                PreviewRow { row: row_number, cells: columns.cells_by_field(&cells), problems: problems.clone() };
            if shown_with_problem {
                read.problem_rows.push(shown.clone());
            }
            if shown_first {
                read.first_rows.push(shown);
            }
        }
        if !problems.is_empty() {
            read.rows_with_problems += 1;
            read.errors.extend(problems);
        }
        if read.rows.is_multiple_of(PROGRESS_EVERY_ROWS)
            && on_progress(&ReadSoFar { rows: read.rows, rows_with_problems: read.rows_with_problems }).is_break()
        {
            return Err(ReadFailure::Stopped);
        }
    }
    Ok(read)
}

#[derive(Default)]
struct ImportPlan {
    mutations: Vec<Mutation>,
    patients_created: u32,
    patients_updated: u32,
    prescriptions_created: u32,
    prescriptions_updated: u32,
    rows_unchanged: u32,
}

/// A patient first seen in a refill report. Refill reminders are part of the
/// patient's care, so calls are allowed; texts and detailed voicemails wait
/// for the patient's own consent at enrollment.
fn new_patient(row: &RefillRow) -> Patient {
    let blank = Patient {
        id: new_id(),
        name: row.name.clone(),
        date_of_birth: row.date_of_birth,
        preferred_language: row.language,
        time_zone: None,
        time_zone_confirmed: false,
        phones: Vec::new(),
        consents: ContactConsents { calls: true, texts: false, voicemail_detail: false },
        external_id: Some(row.patient_id.clone()),
        zip: None,
        program: None,
        assigned_to: None,
        preferred_call_window: None,
        status: enlace_domain::PatientStatus::Active,
    };
    updated_patient(&blank, row)
}

/// `existing` with what the report says about the patient. A phone the
/// patient does not have yet goes after the numbers on file (first only when
/// there are none): the number a coordinator put first, correcting the
/// pharmacy system's, stays the one called when tomorrow's report comes.
fn updated_patient(existing: &Patient, row: &RefillRow) -> Patient {
    let mut patient = existing.clone();
    patient.name = row.name.clone();
    patient.date_of_birth = row.date_of_birth;
    patient.preferred_language = row.language;
    // The report's own zone is the pharmacy system's word for it; one the ZIP
    // suggests never replaces a zone a person confirmed.
    if let Some(zone) = row.time_zone.as_deref().and_then(|name| enlace_domain::parse_zone(name).ok()) {
        patient.time_zone = Some(zone.name().to_owned());
        patient.time_zone_confirmed = true;
    } else if !patient.time_zone_confirmed
        && let Some(zone) = row.suggested_zone()
    {
        patient.time_zone = Some(zone.name().to_owned());
    }
    if row.zip.is_some() {
        patient.zip = row.zip.clone();
    }
    if !patient.phones.iter().any(|phone| phone.e164 == row.phone_e164) {
        patient.phones.push(Phone { kind: PhoneKind::Home, e164: row.phone_e164.clone() });
    }
    patient
}

fn blank_prescription(patient_id: EntityId) -> Prescription {
    Prescription {
        id: new_id(),
        patient_id,
        rx_number: None,
        drug: String::new(),
        strength: String::new(),
        directions: String::new(),
        days_supply: 1,
        quantity: 0.0,
        refills_left: 0,
        last_fill_date: chrono::NaiveDate::MIN,
        expires_on: None,
        prescriber_name: String::new(),
        prescriber_npi: None,
        critical: false,
        active: true,
    }
}

/// `existing` brought up to the report's fill. An older fill than the one on
/// record (a stale report) does not move the prescription back.
fn updated_prescription(existing: &Prescription, patient_id: EntityId, row: &RefillRow) -> Prescription {
    let mut prescription = existing.clone();
    if row.last_fill_date < existing.last_fill_date {
        return prescription;
    }
    prescription.patient_id = patient_id;
    prescription.rx_number = Some(row.rx_number.clone());
    prescription.drug = row.drug_name.clone();
    prescription.strength = row.strength.clone();
    prescription.days_supply = row.days_supply;
    prescription.quantity = row.quantity;
    prescription.refills_left = row.refills_left;
    prescription.last_fill_date = row.last_fill_date;
    prescription.prescriber_name = row.prescriber_name.clone();
    if row.prescriber_npi.is_some() {
        prescription.prescriber_npi = row.prescriber_npi.clone();
    }
    prescription
}
