//! Typed access to each entity: domain values become [`Mutation`]s for the
//! one write path, and rows come back as domain values.

use chrono::{DateTime, NaiveDate, NaiveTime, SecondsFormat, Utc};
use enlace_domain::{
    CallRules, CallingWindow, ContactChannel, ContactConsents, ContactParty, ContactReason, DeclineReason, Direction,
    Disposition, EntityId, Fulfillment, Interaction, Language, Patient, PersonName, PharmacySettings, Phone,
    Prescription, RefillArrangement, RefillProgram,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use sqlx::{FromRow, SqliteConnection};
use uuid::fmt::Hyphenated;

use crate::{Entity, Mutation, Store, StoreError};

pub(crate) fn id_texts(ids: &[EntityId]) -> Vec<String> {
    ids.iter().map(|id| id.hyphenated().to_string()).collect()
}

pub(crate) fn fields(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Enum values are stored as their serde names ("es-US", "no-answer").
pub(crate) fn enum_text<T: Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// A nullable enum column.
pub(crate) fn optional_enum<T: DeserializeOwned>(
    text: Option<String>,
    entity: &'static str,
    field: &'static str,
) -> Result<Option<T>, StoreError> {
    text.map(|text| enum_from_text(&text, entity, field)).transpose()
}

pub(crate) fn enum_from_text<T: DeserializeOwned>(
    text: &str,
    entity: &'static str,
    field: &'static str,
) -> Result<T, StoreError> {
    serde_json::from_value(Value::String(text.to_owned())).map_err(|_| StoreError::Corrupt { entity, field })
}

/// Instants are stored as RFC 3339 UTC with fixed millisecond precision, so
/// that text order is time order.
pub fn instant_text(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Times of day are stored as "HH:MM".
fn clock_text(time: NaiveTime) -> String {
    time.format("%H:%M").to_string()
}

fn clock_time(text: &str, entity: &'static str, field: &'static str) -> Result<NaiveTime, StoreError> {
    NaiveTime::parse_from_str(text, "%H:%M").map_err(|_| StoreError::Corrupt { entity, field })
}

// ---- pharmacy -------------------------------------------------------------

pub fn pharmacy_mutation(pharmacy: &PharmacySettings) -> Mutation {
    Mutation {
        entity: Entity::Pharmacy,
        id: pharmacy.id,
        fields: fields(json!({
            "name": pharmacy.name,
            "phone": pharmacy.phone,
            "time_zone": pharmacy.time_zone,
            "calling_window_start": clock_text(pharmacy.calling_window.start),
            "calling_window_end": clock_text(pharmacy.calling_window.end),
            "reminder_lead_days": pharmacy.refill_program.reminder_lead_days,
            "refill_too_soon_percent": pharmacy.refill_program.too_soon_percent,
            "retry_after_hours": pharmacy.call_rules.retry_after_hours,
            "max_attempts": pharmacy.call_rules.max_attempts,
            "daily_call_limit": pharmacy.call_rules.daily_call_limit,
            "weekly_call_limit": pharmacy.call_rules.weekly_call_limit,
            "idle_lock_minutes": pharmacy.idle_lock_minutes,
            "task_escalation_hours": pharmacy.task_escalation_hours,
            "address": pharmacy.address,
            "programs": pharmacy.programs,
        })),
    }
}

#[derive(FromRow)]
struct PharmacyRow {
    id: Hyphenated,
    name: String,
    phone: String,
    time_zone: String,
    calling_window_start: String,
    calling_window_end: String,
    reminder_lead_days: u32,
    refill_too_soon_percent: u32,
    retry_after_hours: u32,
    max_attempts: u32,
    daily_call_limit: u32,
    weekly_call_limit: u32,
    idle_lock_minutes: u32,
    task_escalation_hours: u32,
    address: String,
    programs: String,
}

impl TryFrom<PharmacyRow> for PharmacySettings {
    type Error = StoreError;

    fn try_from(row: PharmacyRow) -> Result<Self, StoreError> {
        let time = |text: &str, field| clock_time(text, "pharmacy", field);
        Ok(Self {
            id: row.id.into_uuid(),
            name: row.name,
            phone: row.phone,
            time_zone: row.time_zone,
            calling_window: CallingWindow {
                start: time(&row.calling_window_start, "calling_window_start")?,
                end: time(&row.calling_window_end, "calling_window_end")?,
            },
            refill_program: RefillProgram {
                reminder_lead_days: row.reminder_lead_days,
                too_soon_percent: row.refill_too_soon_percent,
            },
            call_rules: CallRules {
                retry_after_hours: row.retry_after_hours,
                max_attempts: row.max_attempts,
                daily_call_limit: row.daily_call_limit,
                weekly_call_limit: row.weekly_call_limit,
            },
            idle_lock_minutes: row.idle_lock_minutes,
            task_escalation_hours: row.task_escalation_hours,
            address: serde_json::from_str(&row.address)
                .map_err(|_| StoreError::Corrupt { entity: "pharmacy", field: "address" })?,
            programs: serde_json::from_str(&row.programs)
                .map_err(|_| StoreError::Corrupt { entity: "pharmacy", field: "programs" })?,
        })
    }
}

// ---- patient --------------------------------------------------------------

pub fn patient_mutation(patient: &Patient) -> Mutation {
    Mutation {
        entity: Entity::Patient,
        id: patient.id,
        fields: fields(json!({
            "given_name": patient.name.given,
            "middle_name": patient.name.middle,
            "family_name": patient.name.family,
            "second_family_name": patient.name.second_family,
            "date_of_birth": patient.date_of_birth,
            "preferred_language": enum_text(patient.preferred_language),
            "time_zone": patient.time_zone,
            "time_zone_confirmed": patient.time_zone_confirmed,
            "phones": patient.phones,
            "consent_calls": patient.consents.calls,
            "consent_texts": patient.consents.texts,
            "consent_voicemail_detail": patient.consents.voicemail_detail,
            "external_id": patient.external_id,
            "zip": patient.zip,
            "program": patient.program,
            "assigned_to": patient.assigned_to,
            "call_window_start": patient.preferred_call_window.map(|window| clock_text(window.start)),
            "call_window_end": patient.preferred_call_window.map(|window| clock_text(window.end)),
            "status": enum_text(patient.status),
        })),
    }
}

#[derive(FromRow)]
struct PatientRow {
    id: Hyphenated,
    given_name: String,
    middle_name: Option<String>,
    family_name: String,
    second_family_name: Option<String>,
    date_of_birth: NaiveDate,
    preferred_language: String,
    time_zone: Option<String>,
    time_zone_confirmed: bool,
    phones: String,
    consent_calls: bool,
    consent_texts: bool,
    consent_voicemail_detail: bool,
    external_id: Option<String>,
    zip: Option<String>,
    program: Option<String>,
    assigned_to: Option<String>,
    call_window_start: Option<String>,
    call_window_end: Option<String>,
    status: String,
}

const PATIENT_COLUMNS: &str = "id, given_name, middle_name, family_name, second_family_name, date_of_birth, \
     preferred_language, time_zone, time_zone_confirmed, phones, consent_calls, consent_texts, consent_voicemail_detail, external_id, zip, \
     program, assigned_to, call_window_start, call_window_end, status";

impl TryFrom<PatientRow> for Patient {
    type Error = StoreError;

    fn try_from(row: PatientRow) -> Result<Self, StoreError> {
        let phones: Vec<Phone> = serde_json::from_str(&row.phones)
            .map_err(|_| StoreError::Corrupt { entity: "patient", field: "phones" })?;
        Ok(Self {
            id: row.id.into_uuid(),
            name: PersonName {
                given: row.given_name,
                middle: row.middle_name,
                family: row.family_name,
                second_family: row.second_family_name,
            },
            date_of_birth: row.date_of_birth,
            preferred_language: enum_from_text::<Language>(&row.preferred_language, "patient", "preferred_language")?,
            time_zone: row.time_zone,
            time_zone_confirmed: row.time_zone_confirmed,
            phones,
            consents: ContactConsents {
                calls: row.consent_calls,
                texts: row.consent_texts,
                voicemail_detail: row.consent_voicemail_detail,
            },
            external_id: row.external_id,
            zip: row.zip,
            program: row.program,
            assigned_to: row.assigned_to,
            preferred_call_window: match (row.call_window_start, row.call_window_end) {
                (Some(start), Some(end)) => Some(CallingWindow {
                    start: clock_time(&start, "patient", "call_window_start")?,
                    end: clock_time(&end, "patient", "call_window_end")?,
                }),
                _ => None,
            },
            status: enum_from_text(&row.status, "patient", "status")?,
        })
    }
}

// ---- prescription ---------------------------------------------------------

pub fn prescription_mutation(prescription: &Prescription) -> Mutation {
    Mutation {
        entity: Entity::Prescription,
        id: prescription.id,
        fields: fields(json!({
            "patient_id": prescription.patient_id,
            "rx_number": prescription.rx_number,
            "drug": prescription.drug,
            "strength": prescription.strength,
            "directions": prescription.directions,
            "days_supply": prescription.days_supply,
            "quantity": prescription.quantity,
            "refills_left": prescription.refills_left,
            "last_fill_date": prescription.last_fill_date,
            "expires_on": prescription.expires_on,
            "prescriber_name": prescription.prescriber_name,
            "prescriber_npi": prescription.prescriber_npi,
            "critical": prescription.critical,
            "active": prescription.active,
        })),
    }
}

#[derive(FromRow)]
struct PrescriptionRow {
    id: Hyphenated,
    patient_id: Hyphenated,
    rx_number: Option<String>,
    drug: String,
    strength: String,
    directions: String,
    days_supply: u32,
    quantity: f64,
    refills_left: u32,
    last_fill_date: NaiveDate,
    expires_on: Option<NaiveDate>,
    prescriber_name: String,
    prescriber_npi: Option<String>,
    critical: bool,
    active: bool,
}

const PRESCRIPTION_COLUMNS: &str = "id, patient_id, rx_number, drug, strength, directions, days_supply, quantity, \
     refills_left, last_fill_date, expires_on, prescriber_name, prescriber_npi, critical, active";

impl From<PrescriptionRow> for Prescription {
    fn from(row: PrescriptionRow) -> Self {
        Self {
            id: row.id.into_uuid(),
            patient_id: row.patient_id.into_uuid(),
            rx_number: row.rx_number,
            drug: row.drug,
            strength: row.strength,
            directions: row.directions,
            days_supply: row.days_supply,
            quantity: row.quantity,
            refills_left: row.refills_left,
            last_fill_date: row.last_fill_date,
            expires_on: row.expires_on,
            prescriber_name: row.prescriber_name,
            prescriber_npi: row.prescriber_npi,
            critical: row.critical,
            active: row.active,
        }
    }
}

// ---- interaction ----------------------------------------------------------

pub fn interaction_mutation(interaction: &Interaction) -> Mutation {
    Mutation {
        entity: Entity::Interaction,
        id: interaction.id,
        fields: fields(json!({
            "patient_id": interaction.patient_id,
            "occurred_at": instant_text(interaction.occurred_at),
            "recorded_by": interaction.recorded_by,
            "channel": enum_text(interaction.channel),
            "direction": enum_text(interaction.direction),
            "party": enum_text(interaction.party),
            "reason": interaction.reason.map(enum_text),
            "disposition": interaction.disposition.map(enum_text),
            "notes": interaction.notes,
            "language": enum_text(interaction.language),
            "interpreter_used": interaction.interpreter_used,
            "duration_seconds": interaction.duration_seconds,
            "refill_fulfillment": interaction.refill.map(|refill| enum_text(refill.fulfillment)),
            "refill_on": interaction.refill.map(|refill| refill.on),
            "decline_reason": interaction.decline_reason.map(enum_text),
            "callback_at": interaction.callback_at.map(instant_text),
        })),
    }
}

#[derive(FromRow)]
struct InteractionRow {
    id: Hyphenated,
    patient_id: Hyphenated,
    occurred_at: DateTime<Utc>,
    recorded_by: String,
    channel: String,
    direction: Option<String>,
    party: Option<String>,
    reason: Option<String>,
    disposition: Option<String>,
    notes: String,
    language: String,
    interpreter_used: bool,
    duration_seconds: Option<u32>,
    refill_fulfillment: Option<String>,
    refill_on: Option<NaiveDate>,
    decline_reason: Option<String>,
    callback_at: Option<DateTime<Utc>>,
}

const INTERACTION_COLUMNS: &str = "id, patient_id, occurred_at, recorded_by, channel, direction, party, reason, \
     disposition, notes, language, interpreter_used, duration_seconds, refill_fulfillment, refill_on, decline_reason, callback_at";

impl TryFrom<InteractionRow> for Interaction {
    type Error = StoreError;

    fn try_from(row: InteractionRow) -> Result<Self, StoreError> {
        let channel = enum_from_text::<ContactChannel>(&row.channel, "interaction", "channel")?;
        // Rows from before contacts were logged name neither: the channel's direction, the patient.
        let direction: Option<Direction> = optional_enum(row.direction, "interaction", "direction")?;
        let party: Option<ContactParty> = optional_enum(row.party, "interaction", "party")?;
        let reason: Option<ContactReason> = optional_enum(row.reason, "interaction", "reason")?;
        let disposition: Option<Disposition> = optional_enum(row.disposition, "interaction", "disposition")?;
        Ok(Self {
            id: row.id.into_uuid(),
            patient_id: row.patient_id.into_uuid(),
            occurred_at: row.occurred_at,
            recorded_by: row.recorded_by,
            channel,
            direction: direction.or(channel.implied_direction()).unwrap_or(Direction::Outbound),
            party: party.unwrap_or(ContactParty::Patient),
            reason,
            disposition,
            notes: row.notes,
            language: enum_from_text::<Language>(&row.language, "interaction", "language")?,
            interpreter_used: row.interpreter_used,
            duration_seconds: row.duration_seconds,
            refill: match (row.refill_fulfillment, row.refill_on) {
                (Some(fulfillment), Some(on)) => Some(RefillArrangement {
                    fulfillment: enum_from_text::<Fulfillment>(&fulfillment, "interaction", "refill_fulfillment")?,
                    on,
                }),
                _ => None,
            },
            decline_reason: row
                .decline_reason
                .map(|reason| enum_from_text::<DeclineReason>(&reason, "interaction", "decline_reason"))
                .transpose()?,
            callback_at: row.callback_at,
        })
    }
}

// ---- preference -----------------------------------------------------------

/// The interface language chosen on this device (per user once users exist).
pub fn preference_mutation(owner: EntityId, ui_locale: Language) -> Mutation {
    Mutation { entity: Entity::Preference, id: owner, fields: fields(json!({ "ui_locale": enum_text(ui_locale) })) }
}

/// A web request matched by a coordinator to `patient_id`.
pub fn web_request_match_mutation(id: EntityId, patient_id: EntityId) -> Mutation {
    Mutation { entity: Entity::WebRequest, id, fields: fields(json!({ "patient_id": patient_id })) }
}

/// A web request handled by `username`: closed, about `patient_id` when it led to a contact.
pub fn web_request_handled_mutation(id: EntityId, patient_id: Option<EntityId>, username: &str) -> Mutation {
    let mut handled = fields(json!({ "status": "handled", "handled_by": username }));
    if let Some(patient_id) = patient_id {
        handled.insert("patient_id".to_owned(), json!(patient_id));
    }
    Mutation { entity: Entity::WebRequest, id, fields: handled }
}

/// One fill of a prescription before its latest: the change log keeps every fill in order.
pub fn prescription_fill_mutation(id: EntityId, filled_on: chrono::NaiveDate) -> Mutation {
    Mutation { entity: Entity::Prescription, id, fields: fields(json!({ "last_fill_date": filled_on })) }
}

// ---- reads ----------------------------------------------------------------

/// `SELECT {columns} FROM {table} WHERE {key} IN (ids…) {rest}`, the ids
/// passed as one JSON array.
async fn rows_with_keys<R>(
    conn: &mut SqliteConnection,
    sql_head: &str,
    ids: &[String],
    sql_tail: &str,
    tail_bind: Option<&str>,
) -> Result<Vec<R>, StoreError>
where
    R: for<'r> FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
{
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!("{sql_head} IN (SELECT value FROM json_each(?)) {sql_tail}");
    let mut query = sqlx::query_as::<_, R>(&sql).bind(crate::json_rows::array(ids)?);
    if let Some(value) = tail_bind {
        query = query.bind(value);
    }
    Ok(query.fetch_all(&mut *conn).await?)
}

pub(crate) async fn pharmacy_in(conn: &mut SqliteConnection) -> Result<Option<PharmacySettings>, StoreError> {
    let row: Option<PharmacyRow> =
        sqlx::query_as("SELECT * FROM pharmacy ORDER BY id LIMIT 1").fetch_optional(&mut *conn).await?;
    row.map(PharmacySettings::try_from).transpose()
}

pub(crate) async fn patients_with_ids(conn: &mut SqliteConnection, ids: &[String]) -> Result<Vec<Patient>, StoreError> {
    let head = format!("SELECT {PATIENT_COLUMNS} FROM patient WHERE id");
    let rows: Vec<PatientRow> = rows_with_keys(conn, &head, ids, "", None).await?;
    rows.into_iter().map(Patient::try_from).collect()
}

pub(crate) async fn active_prescriptions_of_patients(
    conn: &mut SqliteConnection,
    patient_ids: &[String],
) -> Result<Vec<Prescription>, StoreError> {
    let head = format!("SELECT {PRESCRIPTION_COLUMNS} FROM prescription WHERE active = 1 AND patient_id");
    let rows: Vec<PrescriptionRow> = rows_with_keys(conn, &head, patient_ids, "ORDER BY drug", None).await?;
    Ok(rows.into_iter().map(Prescription::from).collect())
}

pub(crate) async fn interactions_of_patients_since(
    conn: &mut SqliteConnection,
    patient_ids: &[String],
    since: DateTime<Utc>,
) -> Result<Vec<Interaction>, StoreError> {
    let head = format!("SELECT {INTERACTION_COLUMNS} FROM interaction WHERE patient_id");
    let since = instant_text(since);
    let rows: Vec<InteractionRow> =
        rows_with_keys(conn, &head, patient_ids, "AND occurred_at >= ?", Some(&since)).await?;
    rows.into_iter().map(Interaction::try_from).collect()
}

/// The patient each prescription or interaction belongs to, for rows a change did not name it in.
pub(crate) async fn owners_of(
    conn: &mut SqliteConnection,
    entity: Entity,
    ids: &[String],
) -> Result<Vec<String>, StoreError> {
    let head = match entity {
        Entity::Prescription => "SELECT patient_id FROM prescription WHERE id",
        Entity::Interaction => "SELECT patient_id FROM interaction WHERE id",
        _ => return Ok(Vec::new()),
    };
    let rows: Vec<(String,)> = rows_with_keys(conn, head, ids, "", None).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

impl Store {
    /// The patients with these ids (missing ones are skipped), in no particular order.
    pub async fn patients_by_ids(&self, ids: &[EntityId]) -> Result<Vec<Patient>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        patients_with_ids(&mut conn, &id_texts(ids)).await
    }

    /// The patients the pharmacy's system knows by `external_id` (case aside).
    pub async fn patients_by_external_id(&self, external_id: &str) -> Result<Vec<Patient>, StoreError> {
        let rows: Vec<PatientRow> = sqlx::query_as(&format!(
            "SELECT {PATIENT_COLUMNS} FROM patient WHERE external_id IS NOT NULL AND upper(external_id) = upper(?)"
        ))
        .bind(external_id.trim())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(Patient::try_from).collect()
    }

    /// The active prescriptions of these patients.
    pub async fn active_prescriptions_of_patients(&self, ids: &[EntityId]) -> Result<Vec<Prescription>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        active_prescriptions_of_patients(&mut conn, &id_texts(ids)).await
    }

    /// These patients' interactions since `since`.
    pub async fn interactions_of_patients_since(
        &self,
        ids: &[EntityId],
        since: DateTime<Utc>,
    ) -> Result<Vec<Interaction>, StoreError> {
        let mut conn = self.pool().acquire().await?;
        interactions_of_patients_since(&mut conn, &id_texts(ids), since).await
    }

    pub async fn pharmacy(&self) -> Result<Option<PharmacySettings>, StoreError> {
        let row: Option<PharmacyRow> =
            sqlx::query_as("SELECT * FROM pharmacy ORDER BY id LIMIT 1").fetch_optional(self.pool()).await?;
        row.map(PharmacySettings::try_from).transpose()
    }

    pub async fn patient(&self, id: EntityId) -> Result<Patient, StoreError> {
        let row: Option<PatientRow> = sqlx::query_as(&format!("SELECT {PATIENT_COLUMNS} FROM patient WHERE id = ?"))
            .bind(id.hyphenated().to_string())
            .fetch_optional(self.pool())
            .await?;
        row.ok_or(StoreError::NotFound { entity: "patient" })?.try_into()
    }

    /// Every patient the pharmacy serves who has consented to calls, in no particular order.
    pub async fn callable_patients(&self) -> Result<Vec<Patient>, StoreError> {
        let rows: Vec<PatientRow> = sqlx::query_as(&format!(
            "SELECT {PATIENT_COLUMNS} FROM patient WHERE consent_calls = 1 AND status = 'active'"
        ))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(Patient::try_from).collect()
    }

    /// Patients matching every term of `query` (name, id, phone or date of
    /// birth; accents and case ignored), by family name (at most `limit`),
    /// and how many match in all. An empty query matches everyone.
    pub async fn search_patients(&self, query: &str, limit: u32) -> Result<(Vec<Patient>, u64), StoreError> {
        let terms = enlace_domain::search_terms(query);
        if terms.is_empty() {
            let total: i64 = sqlx::query_scalar("SELECT count(*) FROM patient").fetch_one(self.pool()).await?;
            let rows: Vec<PatientRow> =
                sqlx::query_as(&format!("SELECT {PATIENT_COLUMNS} FROM patient ORDER BY sort_key LIMIT ?"))
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await?;
            let patients = rows.into_iter().map(Patient::try_from).collect::<Result<_, _>>()?;
            return Ok((patients, u64::try_from(total).unwrap_or_default()));
        }
        // Each term is quoted (quotes cannot occur: terms are letters and
        // digits) and matched as a token prefix.
        let expression = terms.iter().map(|term| format!("\"{term}\"*")).collect::<Vec<_>>().join(" AND ");
        let total: i64 = sqlx::query_scalar("SELECT count(*) FROM patient_fts WHERE patient_fts MATCH ?")
            .bind(&expression)
            .fetch_one(self.pool())
            .await?;
        // Few matches: read them and sort. Many: walk the name index in
        // order and keep the matches, which finds the first ones quickly.
        let order = if total <= i64::from(limit) * 4 { "" } else { "INDEXED BY patient_sort" };
        let select = format!(
            "SELECT {PATIENT_COLUMNS} FROM patient {order}
             WHERE rowid IN (SELECT rowid FROM patient_fts WHERE patient_fts MATCH ?) ORDER BY sort_key LIMIT ?"
        );
        let rows: Vec<PatientRow> =
            sqlx::query_as(&select).bind(&expression).bind(limit).fetch_all(self.pool()).await?;
        let patients = rows.into_iter().map(Patient::try_from).collect::<Result<_, _>>()?;
        Ok((patients, u64::try_from(total).unwrap_or_default()))
    }

    /// Every patient, in no particular order.
    pub async fn all_patients(&self) -> Result<Vec<Patient>, StoreError> {
        let rows: Vec<PatientRow> =
            sqlx::query_as(&format!("SELECT {PATIENT_COLUMNS} FROM patient")).fetch_all(self.pool()).await?;
        rows.into_iter().map(Patient::try_from).collect()
    }

    /// Every prescription, active or not.
    pub async fn all_prescriptions(&self) -> Result<Vec<Prescription>, StoreError> {
        let rows: Vec<PrescriptionRow> =
            sqlx::query_as(&format!("SELECT {PRESCRIPTION_COLUMNS} FROM prescription")).fetch_all(self.pool()).await?;
        Ok(rows.into_iter().map(Prescription::from).collect())
    }

    /// A value this device keeps for itself (never synced), by key.
    pub async fn local_value(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT value FROM local_state WHERE key = ?")
            .bind(key)
            .fetch_optional(self.pool())
            .await?)
    }

    pub async fn set_local_value(&self, key: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO local_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn patient_count(&self) -> Result<u64, StoreError> {
        let count: i64 = sqlx::query_scalar("SELECT count(*) FROM patient").fetch_one(self.pool()).await?;
        Ok(u64::try_from(count).unwrap_or_default())
    }

    pub async fn prescriptions_of(&self, patient_id: EntityId) -> Result<Vec<Prescription>, StoreError> {
        let rows: Vec<PrescriptionRow> = sqlx::query_as(&format!(
            "SELECT {PRESCRIPTION_COLUMNS} FROM prescription WHERE patient_id = ? ORDER BY drug"
        ))
        .bind(patient_id.hyphenated().to_string())
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(Prescription::from).collect())
    }

    pub async fn active_prescriptions(&self) -> Result<Vec<Prescription>, StoreError> {
        let rows: Vec<PrescriptionRow> =
            sqlx::query_as(&format!("SELECT {PRESCRIPTION_COLUMNS} FROM prescription WHERE active = 1 ORDER BY drug"))
                .fetch_all(self.pool())
                .await?;
        Ok(rows.into_iter().map(Prescription::from).collect())
    }

    /// A patient's interactions, newest first.
    pub async fn interactions_of(&self, patient_id: EntityId) -> Result<Vec<Interaction>, StoreError> {
        let rows: Vec<InteractionRow> = sqlx::query_as(&format!(
            "SELECT {INTERACTION_COLUMNS} FROM interaction WHERE patient_id = ? ORDER BY occurred_at DESC"
        ))
        .bind(patient_id.hyphenated().to_string())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(Interaction::try_from).collect()
    }

    /// Every interaction since `since`, oldest first.
    pub async fn interactions_since(&self, since: DateTime<Utc>) -> Result<Vec<Interaction>, StoreError> {
        let rows: Vec<InteractionRow> = sqlx::query_as(&format!(
            "SELECT {INTERACTION_COLUMNS} FROM interaction WHERE occurred_at >= ? ORDER BY occurred_at"
        ))
        .bind(instant_text(since))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(Interaction::try_from).collect()
    }

    /// Every interaction in `[from, until)`, oldest first.
    pub async fn interactions_between(
        &self,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    ) -> Result<Vec<Interaction>, StoreError> {
        let rows: Vec<InteractionRow> = sqlx::query_as(&format!(
            "SELECT {INTERACTION_COLUMNS} FROM interaction WHERE occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at"
        ))
        .bind(instant_text(from))
        .bind(instant_text(until))
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(Interaction::try_from).collect()
    }

    pub async fn ui_locale(&self, owner: EntityId) -> Result<Option<Language>, StoreError> {
        let text: Option<String> = sqlx::query_scalar("SELECT ui_locale FROM preference WHERE id = ?")
            .bind(owner.hyphenated().to_string())
            .fetch_optional(self.pool())
            .await?;
        text.map(|text| enum_from_text(&text, "preference", "ui_locale")).transpose()
    }
}
