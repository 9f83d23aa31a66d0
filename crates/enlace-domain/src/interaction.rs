//! An interaction: one attempt or contact about a patient — a reminder call,
//! an inbound call, a text, a letter, a fax to the prescriber, a walk-in —
//! who was on the other end, why, how it ended, and the rules for what a
//! documented contact must carry.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::{EntityId, Language};

/// One call attempt, inbound call, text, letter, fax or visit, documented.
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
    /// Who started it; a phone call's is its channel's.
    pub direction: Direction,
    /// Who was on the other end.
    pub party: ContactParty,
    /// What it was about; `None` on a reminder call, whose outcome says it.
    pub reason: Option<ContactReason>,
    /// The reminder outcome (keys 1–9), when the contact answered the
    /// refill question; `None` for a contact that did not (a fax, a
    /// delivery question).
    pub disposition: Option<Disposition>,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ContactChannel {
    OutboundCall,
    InboundCall,
    Text,
    Email,
    Letter,
    Fax,
    WalkIn,
    Web,
}

impl ContactChannel {
    /// A telephone conversation, in either direction.
    pub fn is_call(self) -> bool {
        matches!(self, Self::OutboundCall | Self::InboundCall)
    }

    /// The direction the channel itself implies: a call's, a visit's, a
    /// web request's; `None` where either is possible (a text, a fax).
    pub fn implied_direction(self) -> Option<Direction> {
        match self {
            Self::OutboundCall => Some(Direction::Outbound),
            Self::InboundCall | Self::WalkIn | Self::Web => Some(Direction::Inbound),
            Self::Text | Self::Email | Self::Letter | Self::Fax => None,
        }
    }

    /// Whether someone spent measurable time on it (a call, a visit).
    pub fn has_duration(self) -> bool {
        self.is_call() || self == Self::WalkIn
    }
}

/// Who started a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Inbound,
    Outbound,
}

/// Who was on the other end of a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ContactParty {
    Patient,
    Caregiver,
    PrescriberOffice,
    Insurer,
    Other,
}

impl ContactParty {
    pub const ALL: [ContactParty; 5] =
        [Self::Patient, Self::Caregiver, Self::PrescriberOffice, Self::Insurer, Self::Other];

    /// Who can answer the refill question for the patient.
    pub fn speaks_for_patient(self) -> bool {
        matches!(self, Self::Patient | Self::Caregiver)
    }
}

/// What a contact (or a follow-up task) is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ContactReason {
    Refill,
    Delivery,
    Billing,
    SideEffects,
    PharmacistQuestion,
    Complaint,
    /// A prescription renewal asked of (or answered by) the prescriber's office.
    Renewal,
    Other,
}

impl ContactReason {
    pub const ALL: [ContactReason; 8] = [
        Self::Refill,
        Self::Delivery,
        Self::Billing,
        Self::SideEffects,
        Self::PharmacistQuestion,
        Self::Complaint,
        Self::Renewal,
        Self::Other,
    ];
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
    #[error("the direction contradicts the channel")]
    DirectionMismatch,
    #[error("a contact without a reminder outcome needs a reason")]
    ReasonMissing,
    #[error("only a contact the pharmacy started can go unanswered or reach a wrong number")]
    NotAnAttempt,
    #[error("only the patient or their caregiver can answer the refill question")]
    OutcomeNeedsPatient,
}

/// Longest call we believe: a four-hour call is a timer left running.
pub const MAX_CALL_SECONDS: u32 = 4 * 60 * 60;

/// Checks that `interaction` carries what its disposition needs, and that
/// the contact itself makes sense: a direction its channel allows, a reason
/// when there is no reminder outcome, a reminder outcome only from someone
/// who can answer for the patient, and "no answer", "busy", "voicemail" or
/// "wrong number" only on a contact the pharmacy started. `today` is the
/// patient's local date and `callback_allowed` says whether the asked
/// call-back instant falls inside the patient's calling window (the caller
/// knows the zone and window; see [`crate::calling`]).
pub fn check_outcome(
    interaction: &Interaction,
    now: DateTime<Utc>,
    today: NaiveDate,
    callback_allowed: impl Fn(DateTime<Utc>) -> bool,
) -> Vec<OutcomeError> {
    let mut errors = contact_problems(&ContactShape {
        channel: interaction.channel,
        direction: Some(interaction.direction),
        party: interaction.party,
        reason: interaction.reason,
        disposition: interaction.disposition,
    });
    if let Some(disposition) = interaction.disposition {
        check_disposition_details(interaction, disposition, now, today, callback_allowed, &mut errors);
    }
    if interaction.duration_seconds.is_some_and(|seconds| seconds > MAX_CALL_SECONDS) {
        errors.push(OutcomeError::DurationImplausible);
    }
    errors
}

/// What a contact is, apart from its details: enough to judge it on a
/// laptop and on the server (which sees only a change's fields).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactShape {
    pub channel: ContactChannel,
    /// `None` from a laptop that did not say (older versions): the channel's.
    pub direction: Option<Direction>,
    pub party: ContactParty,
    pub reason: Option<ContactReason>,
    pub disposition: Option<Disposition>,
}

/// The rules on a contact's shape: a direction its channel allows, a
/// reason when there is no reminder outcome, "no answer", "busy",
/// "voicemail" and "wrong number" only on a contact the pharmacy started, and
/// a conversation's outcome only from the patient or their caregiver.
pub fn contact_problems(contact: &ContactShape) -> Vec<OutcomeError> {
    let mut errors = Vec::new();
    let implied = contact.channel.implied_direction();
    if implied.is_some_and(|implied| contact.direction.is_some_and(|stated| stated != implied)) {
        errors.push(OutcomeError::DirectionMismatch);
    }
    match contact.disposition {
        None if contact.reason.is_none() => errors.push(OutcomeError::ReasonMissing),
        None => {}
        Some(disposition) => {
            // A reminder the pharmacy sent (a call, a text) can go unanswered; a patient's own contact cannot.
            let direction = contact.direction.or(implied);
            let pharmacy_started = direction != Some(Direction::Inbound);
            if (disposition.unanswered() || disposition == Disposition::WrongNumber) && !pharmacy_started {
                errors.push(OutcomeError::NotAnAttempt);
            } else if disposition.reached() && !contact.party.speaks_for_patient() {
                errors.push(OutcomeError::OutcomeNeedsPatient);
            }
        }
    }
    errors
}

fn check_disposition_details(
    interaction: &Interaction,
    disposition: Disposition,
    now: DateTime<Utc>,
    today: NaiveDate,
    callback_allowed: impl Fn(DateTime<Utc>) -> bool,
    errors: &mut Vec<OutcomeError>,
) {
    match disposition {
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
            direction: Direction::Outbound,
            party: ContactParty::Patient,
            reason: None,
            disposition: Some(disposition),
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

    fn inbound(disposition: Option<Disposition>) -> Interaction {
        Interaction {
            channel: ContactChannel::InboundCall,
            direction: Direction::Inbound,
            disposition,
            ..call(Disposition::NoAnswer)
        }
    }

    #[test]
    fn an_inbound_call_takes_any_answer_but_never_counts_as_an_attempt() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 15, 5, 0).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut confirmed = inbound(Some(Disposition::RefillConfirmed));
        confirmed.refill = Some(RefillArrangement { fulfillment: Fulfillment::Delivery, on: today });
        assert_eq!(check_outcome(&confirmed, now, today, |_| true), []);
        for unanswered in
            [Disposition::NoAnswer, Disposition::Busy, Disposition::VoicemailLeft, Disposition::WrongNumber]
        {
            assert_eq!(check_outcome(&inbound(Some(unanswered)), now, today, |_| true), [OutcomeError::NotAnAttempt]);
        }
        let mut wrong_way = confirmed.clone();
        wrong_way.direction = Direction::Outbound;
        assert_eq!(check_outcome(&wrong_way, now, today, |_| true), [OutcomeError::DirectionMismatch]);
    }

    #[test]
    fn a_logged_contact_needs_a_reason_and_only_the_patient_side_answers_for_the_patient() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 15, 5, 0).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let fax = Interaction {
            channel: ContactChannel::Fax,
            direction: Direction::Outbound,
            party: ContactParty::PrescriberOffice,
            duration_seconds: None,
            ..inbound(None)
        };
        assert_eq!(check_outcome(&fax, now, today, |_| true), [OutcomeError::ReasonMissing]);
        let renewal = Interaction { reason: Some(ContactReason::Renewal), ..fax.clone() };
        assert_eq!(check_outcome(&renewal, now, today, |_| true), []);
        let inbound_fax = Interaction { direction: Direction::Inbound, ..renewal.clone() };
        assert_eq!(check_outcome(&inbound_fax, now, today, |_| true), [], "a fax goes either way");
        let mut office_declines = inbound(Some(Disposition::Declined));
        office_declines.party = ContactParty::PrescriberOffice;
        office_declines.decline_reason = Some(DeclineReason::Cost);
        assert_eq!(check_outcome(&office_declines, now, today, |_| true), [OutcomeError::OutcomeNeedsPatient]);
        office_declines.party = ContactParty::Caregiver;
        assert_eq!(check_outcome(&office_declines, now, today, |_| true), []);
        let walk_in_out = Interaction { channel: ContactChannel::WalkIn, direction: Direction::Outbound, ..renewal };
        assert_eq!(check_outcome(&walk_in_out, now, today, |_| true), [OutcomeError::DirectionMismatch]);
    }
}
