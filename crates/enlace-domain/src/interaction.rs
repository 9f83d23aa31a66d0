//! An interaction: one attempt or contact with a patient, and how it ended.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{EntityId, Language};

/// One call attempt, inbound call, text or visit, documented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Interaction {
    pub id: EntityId,
    pub patient_id: EntityId,
    pub occurred_at: DateTime<Utc>,
    /// Who documented it (a user name until users arrive with sign-in).
    pub recorded_by: String,
    pub channel: ContactChannel,
    pub disposition: Disposition,
    pub notes: String,
    /// The language the conversation was held in.
    pub language: Language,
}

/// How the contact happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ContactChannel {
    OutboundCall,
    InboundCall,
    Text,
    Web,
}

/// How an attempt or contact ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Disposition {
    RefillConfirmed,
    Declined,
    WantsPharmacist,
    CallBack,
    VoicemailLeft,
    NoAnswer,
    Busy,
    WrongNumber,
    DoNotCall,
}

impl Disposition {
    /// Whether the patient was actually spoken to.
    pub fn reached(self) -> bool {
        matches!(
            self,
            Self::RefillConfirmed | Self::Declined | Self::WantsPharmacist | Self::CallBack | Self::DoNotCall
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_conversations_count_as_reached() {
        assert!(Disposition::RefillConfirmed.reached());
        assert!(Disposition::DoNotCall.reached());
        assert!(!Disposition::VoicemailLeft.reached());
        assert!(!Disposition::WrongNumber.reached());
    }
}
