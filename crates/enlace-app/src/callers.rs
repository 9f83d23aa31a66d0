//! The caller on the line: a coordinator answering the phone types (or a phone system passes) the
//! caller's number in any format, and is shown every record it belongs to — the patient's own
//! line, a caregiver's, a prescriber's office — to verify the caller and open the record.

use enlace_domain::{Action, CallerRole, caller_number};
use serde::Serialize;

use crate::{Actor, App, AppError, ErrorCode, PatientSummary};

/// Records listed for one number; a clinic's office number can be on hundreds, and the rest are
/// reached by searching names.
const CALLER_MATCHES_SHOWN: u32 = 25;

/// Who may be on the line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallerLookup {
    /// The number as Enlace stores it (E.164): shown, and given to an enrollment when no one has it.
    pub number: String,
    pub matches: Vec<CallerMatch>,
    /// How many records the number is on, of which `matches` lists the first.
    pub total_matches: u32,
}

/// One record the caller's number is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct CallerMatch {
    pub patient: PatientSummary,
    /// Whose number it is on this record.
    pub role: CallerRole,
    /// The caregiver's or prescriber's name, when it is theirs.
    pub contact_name: Option<String>,
    /// Whether the pharmacy still serves the patient.
    pub active: bool,
}

impl App {
    /// The records the number `typed` is on (the caller on the line).
    pub async fn find_caller(&self, actor: &Actor, typed: &str) -> Result<CallerLookup, AppError> {
        actor.require(Action::ViewPatients)?;
        let number = caller_number(typed).map_err(|_| AppError::new(ErrorCode::CallerNumberInvalid))?;
        let (owners, total) = self.store().phone_owners(&number, CALLER_MATCHES_SHOWN).await?;
        let matches = owners
            .into_iter()
            .map(|owner| CallerMatch {
                active: owner.patient.is_active(),
                patient: PatientSummary::from(&owner.patient),
                role: owner.role,
                contact_name: owner.contact_name,
            })
            .collect();
        Ok(CallerLookup { number, matches, total_matches: u32::try_from(total).unwrap_or(u32::MAX) })
    }
}
