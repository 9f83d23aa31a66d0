//! A prescription the pharmacy fills for a patient.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::EntityId;

/// One prescription and where it stands: what was last filled and what is left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Prescription {
    pub id: EntityId,
    pub patient_id: EntityId,
    /// The pharmacy system's prescription number.
    pub rx_number: Option<String>,
    pub drug: String,
    pub strength: String,
    pub directions: String,
    pub days_supply: u32,
    pub quantity: f64,
    pub refills_left: u32,
    pub last_fill_date: NaiveDate,
    /// After this date the prescription cannot be filled without a renewal.
    pub expires_on: Option<NaiveDate>,
    pub prescriber_name: String,
    pub prescriber_npi: Option<String>,
    /// Specialty, transplant, HIV or oncology therapy: a gap costs more.
    pub critical: bool,
    /// False once the prescription is discontinued or transferred out.
    pub active: bool,
}
