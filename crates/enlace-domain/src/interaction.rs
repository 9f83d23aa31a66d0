//! An interaction: one attempt or contact with a patient, how it ended, and
//! the rules for what a documented outcome must carry.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{EntityId, Language};

/// One call attempt, inbound call, text or visit, documented.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Interaction {
    pub id: EntityId,
    pub patient_id: EntityId,
    /// When the call started (or the contact happened).
    pub occurred_at: DateTime<Utc>,
    /// Who documented it (a user name until users arrive with sign-in).
    pub recorded_by: String,
    pub channel: ContactChannel,
    pub disposition: Disposition,
    pub notes: String,
    /// The language the conversation was held in.
    pub language: Language,
    pub interpreter_used: bool,
    /// How long the call lasted, from the call timer.
    pub duration_seconds: Option<u32>,
    /// Set with [`Disposition::RefillConfirmed`].
    pub refill: Option<RefillArrangement>,
    /// Set with [`Disposition::Declined`].
    pub decline_reason: Option<DeclineReason>,
    /// Set with [`Disposition::CallBack`]: the instant the patient asked for.
    pub callback_at: Option<DateTime<Utc>>,
}

/// How the patient will get a confirmed refill, and on which (patient-local) date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RefillArrangement {
    pub fulfillment: Fulfillment,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Fulfillment {
    Pickup,
    Delivery,
}

/// Why a reached patient declined the refill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum DeclineReason {
    HasSupply,
    StoppedTherapy,
    Cost,
    SideEffects,
}

impl DeclineReason {
    /// Cost and side effects are questions a pharmacist can often solve.
    pub fn suggests_consult(self) -> bool {
        matches!(self, Self::Cost | Self::SideEffects)
    }
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

/// How an attempt or contact ended. The order is the order of the number
/// keys in the call panel (1 = refill confirmed … 9 = do not call).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    pub const ALL: [Disposition; 9] = [
        Self::RefillConfirmed,
        Self::Declined,
        Self::WantsPharmacist,
        Self::CallBack,
        Self::VoicemailLeft,
        Self::NoAnswer,
        Self::Busy,
        Self::WrongNumber,
        Self::DoNotCall,
    ];

    /// Whether the patient was actually spoken to.
    pub fn reached(self) -> bool {
        matches!(
            self,
            Self::RefillConfirmed | Self::Declined | Self::WantsPharmacist | Self::CallBack | Self::DoNotCall
        )
    }

    /// An attempt that did not reach the patient and is retried by rule.
    pub fn unanswered(self) -> bool {
        matches!(self, Self::NoAnswer | Self::Busy | Self::VoicemailLeft)
    }

    /// Ends this refill cycle's calls: the patient answered the question (or
    /// asked never to be called), so calling again would be a nuisance.
    pub fn resolves_cycle(self) -> bool {
        matches!(self, Self::RefillConfirmed | Self::Declined | Self::WantsPharmacist | Self::DoNotCall)
    }
}

/// What is wrong with a documented outcome, one problem per field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum OutcomeError {
    #[error("a confirmed refill needs pickup or delivery and a date")]
    RefillDetailsMissing,
    #[error("the pickup or delivery date is in the past")]
    RefillDateInPast,
    #[error("a declined refill needs a reason")]
    DeclineReasonMissing,
    #[error("a call back needs a time")]
    CallbackTimeMissing,
    #[error("the call-back time is not in the future")]
    CallbackInPast,
    #[error("the call-back time is outside the patient's calling hours")]
    CallbackOutsideWindow,
    #[error("the call duration is implausible")]
    DurationImplausible,
}

/// Longest call we believe: a four-hour call is a timer left running.
pub const MAX_CALL_SECONDS: u32 = 4 * 60 * 60;

/// Checks that `interaction` carries what its disposition needs. `today` is
/// the patient's local date and `callback_allowed` says whether the asked
/// call-back instant falls inside the patient's calling window (the caller
/// knows the zone and window; see [`crate::calling`]).
pub fn check_outcome(
    interaction: &Interaction,
    now: DateTime<Utc>,
    today: NaiveDate,
    callback_allowed: impl Fn(DateTime<Utc>) -> bool,
) -> Vec<OutcomeError> {
    let mut errors = Vec::new();
    match interaction.disposition {
        Disposition::RefillConfirmed => match interaction.refill {
            None => errors.push(OutcomeError::RefillDetailsMissing),
            Some(arrangement) if arrangement.on < today => errors.push(OutcomeError::RefillDateInPast),
            Some(_) => {}
        },
        Disposition::Declined if interaction.decline_reason.is_none() => {
            errors.push(OutcomeError::DeclineReasonMissing);
        }
        Disposition::CallBack => match interaction.callback_at {
            None => errors.push(OutcomeError::CallbackTimeMissing),
            Some(at) if at <= now => errors.push(OutcomeError::CallbackInPast),
            Some(at) if !callback_allowed(at) => errors.push(OutcomeError::CallbackOutsideWindow),
            Some(_) => {}
        },
        _ => {}
    }
    if interaction.duration_seconds.is_some_and(|seconds| seconds > MAX_CALL_SECONDS) {
        errors.push(OutcomeError::DurationImplausible);
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn call(disposition: Disposition) -> Interaction {
        Interaction {
            id: EntityId::nil(),
            patient_id: EntityId::nil(),
            occurred_at: Utc.with_ymd_and_hms(2026, 11, 22, 15, 0, 0).unwrap(),
            recorded_by: "Coordinator".into(),
            channel: ContactChannel::OutboundCall,
            disposition,
            notes: String::new(),
            language: Language::Spanish,
            interpreter_used: false,
            duration_seconds: Some(95),
            refill: None,
            decline_reason: None,
            callback_at: None,
        }
    }

    #[test]
    fn only_conversations_count_as_reached() {
        assert!(Disposition::RefillConfirmed.reached());
        assert!(Disposition::DoNotCall.reached());
        assert!(!Disposition::VoicemailLeft.reached());
        assert!(!Disposition::WrongNumber.reached());
        assert_eq!(Disposition::ALL.iter().filter(|d| d.unanswered()).count(), 3);
    }

    #[test]
    fn each_disposition_demands_its_details() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 15, 5, 0).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let always = |_| true;
        assert_eq!(check_outcome(&call(Disposition::NoAnswer), now, today, always), []);
        assert_eq!(
            check_outcome(&call(Disposition::RefillConfirmed), now, today, always),
            [OutcomeError::RefillDetailsMissing]
        );
        let mut confirmed = call(Disposition::RefillConfirmed);
        confirmed.refill = Some(RefillArrangement { fulfillment: Fulfillment::Pickup, on: today.pred_opt().unwrap() });
        assert_eq!(check_outcome(&confirmed, now, today, always), [OutcomeError::RefillDateInPast]);
        confirmed.refill = Some(RefillArrangement { fulfillment: Fulfillment::Delivery, on: today });
        assert_eq!(check_outcome(&confirmed, now, today, always), []);
        assert_eq!(
            check_outcome(&call(Disposition::Declined), now, today, always),
            [OutcomeError::DeclineReasonMissing]
        );
        let mut call_back = call(Disposition::CallBack);
        assert_eq!(check_outcome(&call_back, now, today, always), [OutcomeError::CallbackTimeMissing]);
        call_back.callback_at = Some(now - chrono::Duration::minutes(1));
        assert_eq!(check_outcome(&call_back, now, today, always), [OutcomeError::CallbackInPast]);
        call_back.callback_at = Some(now + chrono::Duration::hours(9));
        assert_eq!(check_outcome(&call_back, now, today, |_| false), [OutcomeError::CallbackOutsideWindow]);
        assert_eq!(check_outcome(&call_back, now, today, always), []);
    }

    #[test]
    fn a_timer_left_running_is_refused_with_the_other_problems() {
        let mut declined = call(Disposition::Declined);
        declined.duration_seconds = Some(MAX_CALL_SECONDS + 1);
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 20, 0, 0).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(
            check_outcome(&declined, now, today, |_| true),
            [OutcomeError::DeclineReasonMissing, OutcomeError::DurationImplausible]
        );
        assert!(DeclineReason::SideEffects.suggests_consult());
        assert!(!DeclineReason::HasSupply.suggests_consult());
    }
}
