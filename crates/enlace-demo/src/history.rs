//! A little contact history: past calls, texts and web requests over the
//! last 30 days, at ordinary hours in the patient's own time zone.
//!
//! Notes are short and generic, the way a voicemail must be: no drug names
//! and no health details.

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use enlace_domain::{
    ContactChannel, ContactParty, DeclineReason, Direction, Disposition, Fulfillment, Interaction, Language, Patient,
    RefillArrangement, local_date,
};
use rand::Rng;

use crate::{percent, pick, v7_id, weighted};

/// Fictional care coordinators who documented the history.
pub(crate) const COORDINATORS: &[&str] =
    &["Lucía Fernández", "Marcus Reed", "Daniela Ortiz", "Kevin Tran", "Rosa Delgado", "Jasmine Brooks"];

/// Local hours the history's contacts happened between.
const FIRST_HOUR: u32 = 9;
const LAST_HOUR: u32 = 20;
/// How far back the history goes, in days.
pub(crate) const HISTORY_DAYS: u64 = 30;

/// One to three past interactions with `patient`, oldest first, all at
/// 9:00–20:00 in `zone` on days before `today`, and all before `cutoff` (the
/// start of `today` at the pharmacy) so none lies in the future.
pub(crate) fn history_for(
    rng: &mut impl Rng,
    patient: &Patient,
    zone: Tz,
    today: NaiveDate,
    cutoff: DateTime<Utc>,
) -> Vec<Interaction> {
    let count = rng.random_range(1..=3);
    let mut times: Vec<DateTime<Utc>> = (0..count).filter_map(|_| contact_time(rng, zone, today, cutoff)).collect();
    times.sort();
    let last = times.len().saturating_sub(1);
    times
        .into_iter()
        .enumerate()
        .map(|(index, occurred_at)| {
            let (channel, disposition) = if index == last && !patient.consents.calls {
                // Why this patient is not called any more.
                (*pick(rng, &[ContactChannel::OutboundCall, ContactChannel::InboundCall]), Disposition::DoNotCall)
            } else {
                outcome(rng, patient.consents.texts)
            };
            Interaction {
                id: v7_id(rng, occurred_at.timestamp_millis()),
                patient_id: patient.id,
                occurred_at,
                recorded_by: (*pick(rng, COORDINATORS)).to_owned(),
                channel,
                // A text is the reminder going out, or the patient's reply.
                direction: channel.implied_direction().unwrap_or(if disposition.reached() {
                    Direction::Inbound
                } else {
                    Direction::Outbound
                }),
                party: ContactParty::Patient,
                reason: None,
                disposition: Some(disposition),
                notes: note(rng, channel, disposition).to_owned(),
                language: patient.preferred_language,
                interpreter_used: patient.preferred_language == Language::Spanish && percent(rng, 5),
                duration_seconds: matches!(channel, ContactChannel::OutboundCall | ContactChannel::InboundCall)
                    .then(|| if disposition.reached() { rng.random_range(90..600) } else { rng.random_range(15..60) }),
                refill: (disposition == Disposition::RefillConfirmed).then(|| RefillArrangement {
                    fulfillment: *pick(rng, &[Fulfillment::Pickup, Fulfillment::Pickup, Fulfillment::Delivery]),
                    on: local_date(occurred_at, zone)
                        .checked_add_days(Days::new(rng.random_range(0..3)))
                        .unwrap_or(today),
                }),
                decline_reason: (disposition == Disposition::Declined).then(|| {
                    *pick(
                        rng,
                        &[
                            DeclineReason::HasSupply,
                            DeclineReason::StoppedTherapy,
                            DeclineReason::Cost,
                            DeclineReason::SideEffects,
                        ],
                    )
                }),
                callback_at: (disposition == Disposition::CallBack)
                    .then(|| occurred_at + chrono::Duration::hours(rng.random_range(2..26))),
            }
        })
        .collect()
}

/// A moment 1–30 days ago between 9:00 and 20:00 local time; pushed a day
/// earlier if it would fall after `cutoff` (a Hawaii evening is already the
/// next day in Florida).
fn contact_time(rng: &mut impl Rng, zone: Tz, today: NaiveDate, cutoff: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let days_ago = rng.random_range(1..=HISTORY_DAYS - 1);
    let minutes = rng.random_range(0..(LAST_HOUR - FIRST_HOUR) * 60);
    let seconds = rng.random_range(0..60);
    let time = NaiveTime::from_hms_opt(FIRST_HOUR + minutes / 60, minutes % 60, seconds)?;
    (days_ago..=days_ago + 1).find_map(|days| {
        let date = today.checked_sub_days(Days::new(days))?;
        let local = zone.from_local_datetime(&date.and_time(time)).earliest()?;
        let instant = local.with_timezone(&Utc);
        (instant < cutoff).then_some(instant)
    })
}

/// How a contact went: mostly outbound calls, sometimes the patient called
/// in, replied to a text or asked on the website.
fn outcome(rng: &mut impl Rng, texts_allowed: bool) -> (ContactChannel, Disposition) {
    let text_weight = if texts_allowed { 6 } else { 0 };
    let channel = *weighted(
        rng,
        &[
            (ContactChannel::OutboundCall, 78),
            (ContactChannel::InboundCall, 12),
            (ContactChannel::Text, text_weight),
            (ContactChannel::Web, 4),
        ],
    );
    let disposition = match channel {
        ContactChannel::OutboundCall => *weighted(
            rng,
            &[
                (Disposition::NoAnswer, 24),
                (Disposition::VoicemailLeft, 24),
                (Disposition::RefillConfirmed, 26),
                (Disposition::CallBack, 10),
                (Disposition::Busy, 5),
                (Disposition::Declined, 4),
                (Disposition::WantsPharmacist, 5),
                (Disposition::WrongNumber, 2),
            ],
        ),
        ContactChannel::InboundCall => *weighted(
            rng,
            &[
                (Disposition::RefillConfirmed, 50),
                (Disposition::WantsPharmacist, 25),
                (Disposition::CallBack, 10),
                (Disposition::Declined, 15),
            ],
        ),
        ContactChannel::Text => *weighted(rng, &[(Disposition::RefillConfirmed, 60), (Disposition::NoAnswer, 40)]),
        ContactChannel::Web => {
            *weighted(rng, &[(Disposition::RefillConfirmed, 70), (Disposition::WantsPharmacist, 30)])
        }
        // Not drawn above: a reminder's answer does not come by post or fax.
        ContactChannel::Email | ContactChannel::Letter | ContactChannel::Fax | ContactChannel::WalkIn => {
            Disposition::RefillConfirmed
        }
    };
    (channel, disposition)
}

/// A short, generic note for the outcome.
fn note(rng: &mut impl Rng, channel: ContactChannel, disposition: Disposition) -> &'static str {
    let options: &[&str] = match (channel, disposition) {
        (ContactChannel::Text, Disposition::RefillConfirmed) => &["Patient replied YES to the refill reminder text."],
        (ContactChannel::Text, _) => &["Sent refill reminder text; no reply yet."],
        (ContactChannel::Web, Disposition::WantsPharmacist) => {
            &["Question sent through the website; routed to the pharmacist."]
        }
        (ContactChannel::Web, _) => &["Refill requested through the pharmacy website."],
        (_, Disposition::RefillConfirmed) => &[
            "Verified name and date of birth. Patient confirmed refill for pickup.",
            "Identity verified. Patient confirmed refill; will pick up this week.",
            "Identity verified. Refill confirmed for delivery.",
        ],
        (_, Disposition::Declined) => &[
            "Patient declined this refill; has enough at home.",
            "Patient declined for now; will call the pharmacy when ready.",
        ],
        (_, Disposition::WantsPharmacist) => &[
            "Patient has a question for the pharmacist; consult requested.",
            "Patient asked to speak with a pharmacist; consult requested.",
        ],
        (_, Disposition::CallBack) => &[
            "Patient asked to call back after 5 PM.",
            "Patient at work; asked for a call tomorrow morning.",
            "Family member answered; asked us to call back this evening.",
        ],
        (_, Disposition::VoicemailLeft) => &[
            "Left minimal voicemail with callback number.",
            "Left voicemail with pharmacy name and callback number only.",
        ],
        (_, Disposition::NoAnswer) => {
            &["No answer; no voicemail set up.", "Rang with no answer. Will retry next calling day."]
        }
        (_, Disposition::Busy) => &["Line busy.", "Busy signal; will retry later."],
        (_, Disposition::WrongNumber) => &["Wrong number; person reached did not know the patient."],
        (_, Disposition::DoNotCall) => &["Patient asked not to receive calls; contact preferences updated."],
    };
    pick::<&str>(rng, options)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prescriptions::drug_names;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn notes_never_name_a_drug() {
        let mut rng = ChaCha8Rng::seed_from_u64(11);
        for _ in 0..2_000 {
            let (channel, disposition) = outcome(&mut rng, true);
            let text = note(&mut rng, channel, disposition).to_lowercase();
            for drug in drug_names() {
                let first_word = drug.split([' ', '/']).next().unwrap_or(drug);
                assert!(!text.contains(&first_word.to_lowercase()), "{text}");
            }
        }
    }

    #[test]
    fn texts_are_only_sent_to_patients_who_allow_them() {
        let mut rng = ChaCha8Rng::seed_from_u64(12);
        for _ in 0..2_000 {
            assert_ne!(outcome(&mut rng, false).0, ContactChannel::Text);
        }
    }

    #[test]
    fn contact_times_are_daytime_local_and_before_the_cutoff() {
        use chrono_tz::{America, Pacific};
        let today = NaiveDate::from_ymd_opt(2026, 3, 9).expect("a valid date");
        let cutoff = America::New_York
            .from_local_datetime(&today.and_time(NaiveTime::MIN))
            .earliest()
            .expect("midnight exists in New York")
            .with_timezone(&Utc);
        let mut rng = ChaCha8Rng::seed_from_u64(13);
        for zone in [Pacific::Honolulu, America::Anchorage, America::Puerto_Rico] {
            for _ in 0..500 {
                let Some(at) = contact_time(&mut rng, zone, today, cutoff) else {
                    continue;
                };
                assert!(at < cutoff);
                let local = at.with_timezone(&zone);
                assert!(local.date_naive() < today);
                let hour = chrono::Timelike::hour(&local);
                assert!((FIRST_HOUR..LAST_HOUR).contains(&hour), "{local}");
            }
        }
    }
}
