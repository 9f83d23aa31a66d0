//! The caller on the line: the patient records a phone number belongs to, read from `phone_owner`
//! (derived by the store's triggers from patients' numbers and their profiles' caregiver and
//! prescriber; see migration 0012). An indexed read, whatever the number of patients.

use enlace_domain::{CallerRole, Patient};
use sqlx::FromRow;

use crate::entities::patients_with_ids;
use crate::{Store, StoreError};

/// One record a number belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct PhoneOwner {
    pub patient: Patient,
    pub role: CallerRole,
    /// The caregiver's or the prescriber's name, when the number is theirs.
    pub contact_name: Option<String>,
}

#[derive(FromRow)]
struct OwnerRow {
    patient_id: String,
    role: String,
    contact_name: Option<String>,
}

impl Store {
    /// The records `e164` belongs to, patients' own lines first, then caregivers', then prescriber
    /// offices', each by name; at most `limit` of them, with how many there are in all (a clinic's
    /// number can be on hundreds of records).
    pub async fn phone_owners(&self, e164: &str, limit: u32) -> Result<(Vec<PhoneOwner>, u64), StoreError> {
        let mut conn = self.pool().acquire().await?;
        let total: i64 = sqlx::query_scalar("SELECT count(*) FROM phone_owner WHERE e164 = ?")
            .bind(e164)
            .fetch_one(&mut *conn)
            .await?;
        let rows: Vec<OwnerRow> = sqlx::query_as(
            "SELECT owner.patient_id, owner.role,
                    CASE owner.role
                        WHEN 'caregiver' THEN profile.caregiver ->> '$.name'
                        WHEN 'prescriber-office' THEN profile.prescriber ->> '$.name'
                    END AS contact_name
             FROM phone_owner AS owner
             JOIN patient ON patient.id = owner.patient_id
             LEFT JOIN patient_profile AS profile ON profile.id = owner.patient_id
             WHERE owner.e164 = ?
             ORDER BY CASE owner.role WHEN 'patient' THEN 0 WHEN 'caregiver' THEN 1 ELSE 2 END, patient.sort_key
             LIMIT ?",
        )
        .bind(e164)
        .bind(limit)
        .fetch_all(&mut *conn)
        .await?;
        let ids: Vec<String> = rows.iter().map(|row| row.patient_id.clone()).collect();
        let patients: std::collections::HashMap<String, Patient> = patients_with_ids(&mut conn, &ids)
            .await?
            .into_iter()
            .map(|patient| (patient.id.hyphenated().to_string(), patient))
            .collect();
        let mut owners = Vec::with_capacity(rows.len());
        for row in rows {
            let role =
                CallerRole::from_text(&row.role).ok_or(StoreError::Corrupt { entity: "phone_owner", field: "role" })?;
            let Some(patient) = patients.get(&row.patient_id).cloned() else { continue };
            owners.push(PhoneOwner {
                patient,
                role,
                contact_name: row.contact_name.filter(|name| !name.trim().is_empty()),
            });
        }
        Ok((owners, u64::try_from(total).unwrap_or_default()))
    }
}
