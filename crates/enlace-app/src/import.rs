//! Importing the pharmacy system's refill report (CSV). Rows are validated
//! by the domain's rules; good rows become patient and prescription changes
//! applied in one transaction, bad rows are reported with row, column and
//! reason. Patients match by the pharmacy's id and prescriptions by Rx
//! number, and only fields that differ are written, so importing the same
//! file twice changes nothing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use enlace_domain::import::{ColumnMapping, RefillRow, RowError, check_dates, locate_columns, parse_refill_row};
use enlace_domain::{ContactConsents, EntityId, Patient, Phone, PhoneKind, Prescription, local_date};
use enlace_store::entities::{patient_mutation, prescription_mutation};
use enlace_store::{Mutation, new_id};
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

    /// Imports a refill report. A file that cannot be read as one (not CSV,
    /// required columns missing) is refused whole with `import-unreadable`;
    /// otherwise good rows are written together and bad rows reported.
    pub async fn import_refills(
        &self,
        actor: &Actor,
        csv: &[u8],
        now: DateTime<Utc>,
    ) -> Result<ImportReport, AppError> {
        actor.require(Action::ImportRefills)?;
        let (_, pharmacy_zone) = self.pharmacy_with_zone().await?;
        let today = local_date(now, pharmacy_zone);
        let mapping = self.import_mapping().await?;
        let unreadable = || AppError::new(ErrorCode::ImportUnreadable);

        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(csv);
        let headers = reader.headers().map_err(|_| unreadable())?.clone();
        let header_names: Vec<&str> = headers.iter().collect();
        let columns = locate_columns(&header_names, &mapping).map_err(|missing| {
            let names: Vec<&str> = missing.iter().map(|field| mapping.header_for(*field)).collect();
            unreadable().with_arg("columns", names.join(", "))
        })?;

        let mut report = ImportReport::default();
        let mut good_rows = Vec::new();
        for (index, record) in reader.records().enumerate() {
            // Row 1 is the header, so the first data row is row 2, as a spreadsheet shows it.
            let row_number = u32::try_from(index).unwrap_or(u32::MAX).saturating_add(2);
            report.rows = report.rows.saturating_add(1);
            let record = match record {
                Ok(record) => record,
                Err(_) => return Err(unreadable().with_arg("row", row_number.to_string())),
            };
            let cells: Vec<&str> = record.iter().collect();
            match parse_refill_row(&columns, &cells, row_number) {
                Ok(row) => {
                    let date_errors = check_dates(&row, today, row_number);
                    if date_errors.is_empty() {
                        good_rows.push(row);
                    } else {
                        report.errors.extend(date_errors);
                    }
                }
                Err(errors) => report.errors.extend(errors),
            }
        }

        let plan = self.plan_import(&good_rows).await?;
        report.patients_created = plan.patients_created;
        report.patients_updated = plan.patients_updated;
        report.prescriptions_created = plan.prescriptions_created;
        report.prescriptions_updated = plan.prescriptions_updated;
        report.rows_unchanged = plan.rows_unchanged;
        // The import is audited even when it changed nothing.
        self.store().apply_audited(plan.mutations, vec![actor.audit(AuditAction::Import, now)]).await?;
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
