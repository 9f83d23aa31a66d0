//! Pharmacist consults: the lifecycle of a request (a pure state machine),
//! a pharmacist's availability as bookable slots in their own time zone,
//! the earliest free slot that fits the patient's preferred times, the rule
//! that a slot is never booked twice, the queue's order, and when a consult
//! needs an interpreter.

use std::cmp::Ordering;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::{EntityId, Language};

/// Why the patient needs a pharmacist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ConsultReason {
    NewMedication,
    SideEffects,
    InteractionQuestion,
    Adherence,
    Cost,
    /// Described in the request's text.
    Other,
}

/// How soon the patient should hear from a pharmacist; the queue's first key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum Urgency {
    Today,
    ThisWeek,
    Routine,
}

/// Where a consult stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ConsultStatus {
    Requested,
    Scheduled,
    Completed,
    NoShow,
    Cancelled,
    Declined,
}

impl ConsultStatus {
    pub const ALL: [ConsultStatus; 6] =
        [Self::Requested, Self::Scheduled, Self::Completed, Self::NoShow, Self::Cancelled, Self::Declined];

    /// Nothing happens to a consult after these.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Completed | Self::NoShow | Self::Cancelled | Self::Declined)
    }
}

/// Something done to a consult.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ConsultTransition {
    /// A pharmacist accepts the request into a slot.
    Schedule,
    /// A scheduled consult moves to another slot.
    Reschedule,
    Complete,
    NoShow,
    Cancel,
    /// A pharmacist declines the request (with a reason).
    Decline,
}

impl ConsultTransition {
    pub const ALL: [ConsultTransition; 6] =
        [Self::Schedule, Self::Reschedule, Self::Complete, Self::NoShow, Self::Cancel, Self::Decline];
}

/// A transition the consult's state does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a {from:?} consult cannot take {transition:?}")]
pub struct IllegalTransition {
    pub from: ConsultStatus,
    pub transition: ConsultTransition,
}

/// The state machine: requested → scheduled → completed | no-show |
/// cancelled; requested → declined or cancelled; scheduled → rescheduled
/// (still scheduled, at a new time). Final states take nothing.
pub fn next_status(from: ConsultStatus, transition: ConsultTransition) -> Result<ConsultStatus, IllegalTransition> {
    use ConsultStatus as S;
    use ConsultTransition as T;
    match (from, transition) {
        (S::Requested, T::Schedule) | (S::Scheduled, T::Reschedule) => Ok(S::Scheduled),
        (S::Requested, T::Decline) => Ok(S::Declined),
        (S::Requested | S::Scheduled, T::Cancel) => Ok(S::Cancelled),
        (S::Scheduled, T::Complete) => Ok(S::Completed),
        (S::Scheduled, T::NoShow) => Ok(S::NoShow),
        _ => Err(IllegalTransition { from, transition }),
    }
}

/// A consult request and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Consult {
    pub id: EntityId,
    pub patient_id: EntityId,
    /// Username of the coordinator who asked.
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub reason: ConsultReason,
    /// The coordinator's words (required for `Other`).
    pub reason_text: String,
    pub urgency: Urgency,
    /// The language the consult must be held in; the patient's by default.
    pub language: Language,
    /// On the patient's clock; empty means any time.
    pub preferred_times: Vec<PreferredTime>,
    /// E.164.
    pub callback_phone: String,
    pub notes: String,
    pub status: ConsultStatus,
    pub pharmacist_id: Option<EntityId>,
    pub slot: Option<Slot>,
    /// Accepted by a pharmacist who does not speak `language`.
    pub interpreter_needed: bool,
    pub decline_reason: Option<String>,
    pub outcome_notes: Option<String>,
    /// Bumped by every transition; an accept names the version it was based on.
    pub version: u32,
}

/// One bookable stretch of a pharmacist's time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Slot {
    pub fn overlaps(&self, other: &Slot) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Hours on one weekday, on the pharmacist's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct WeeklyHours {
    pub weekday: Weekday,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// A date that differs from the weekly pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case", tag = "kind")]
pub enum AvailabilityException {
    /// No weekly hours that day (extra hours the same day still count).
    DayOff { date: NaiveDate },
    /// Hours on top of the weekly ones.
    Extra { date: NaiveDate, start: NaiveTime, end: NaiveTime },
}

/// When a pharmacist takes consults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Availability {
    pub zone: Tz,
    pub weekly: Vec<WeeklyHours>,
    pub exceptions: Vec<AvailabilityException>,
    pub slot_minutes: u32,
}

pub const DEFAULT_SLOT_MINUTES: u32 = 15;

impl Availability {
    /// The local hours worked on `date`: the weekly ones unless it is a day off, plus any extra.
    fn hours_on(&self, date: NaiveDate) -> Vec<(NaiveTime, NaiveTime)> {
        let day_off = self
            .exceptions
            .iter()
            .any(|exception| matches!(exception, AvailabilityException::DayOff { date: off } if *off == date));
        let weekly = self
            .weekly
            .iter()
            .filter(|hours| !day_off && hours.weekday == date.weekday())
            .map(|hours| (hours.start, hours.end));
        let extra = self.exceptions.iter().filter_map(|exception| match exception {
            AvailabilityException::Extra { date: on, start, end } if *on == date => Some((*start, *end)),
            _ => None,
        });
        weekly.chain(extra).collect()
    }

    /// Every slot from `first` to `last` (local dates, inclusive), in time
    /// order. Slots step along the pharmacist's wall clock: a slot whose
    /// local start does not exist (the hour skipped when clocks spring
    /// forward) is left out, a repeated hour (clocks fall back) is offered
    /// once, and a slot must end by the end of its hours in real time.
    pub fn slots(&self, first: NaiveDate, last: NaiveDate) -> Vec<Slot> {
        let length = Duration::minutes(i64::from(self.slot_minutes.max(1)));
        let mut slots = Vec::new();
        for date in first.iter_days().take_while(|date| *date <= last) {
            for (start, end) in self.hours_on(date) {
                let Some(hours_end) = self.instant(date, end) else { continue };
                let mut local = date.and_time(start);
                while local.time() < end && local.date() == date {
                    if let Some(slot_start) = self.zone.from_local_datetime(&local).earliest() {
                        let slot_start = slot_start.with_timezone(&Utc);
                        let slot = Slot { start: slot_start, end: slot_start + length };
                        if slot.end <= hours_end {
                            slots.push(slot);
                        }
                    }
                    local += length;
                }
            }
        }
        slots.sort();
        slots.dedup_by(|later, earlier| later.overlaps(earlier));
        slots
    }

    fn instant(&self, date: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
        crate::calling::local_instant(date, time, self.zone)
    }
}

/// A stretch of time the patient would like to be called in, on their own clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PreferredTime {
    /// Any day when absent.
    pub weekday: Option<Weekday>,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// Whether `slot` lies wholly inside one of the patient's preferred times
/// (any slot does when they gave none).
pub fn fits_preferences(slot: &Slot, preferences: &[PreferredTime], patient_zone: Tz) -> bool {
    if preferences.is_empty() {
        return true;
    }
    let start = slot.start.with_timezone(&patient_zone);
    let end = slot.end.with_timezone(&patient_zone);
    preferences.iter().any(|preference| {
        preference.weekday.is_none_or(|weekday| weekday == start.weekday())
            && start.date_naive() == end.date_naive()
            && preference.start <= start.time()
            && end.time() <= preference.end
    })
}

/// A slot already taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the slot overlaps a consult already booked")]
pub struct DoubleBooked {
    pub taken: Slot,
}

/// Refuses `slot` when it overlaps any of `booked` (the same pharmacist's
/// scheduled consults). Back-to-back slots do not overlap.
pub fn check_booking(slot: &Slot, booked: &[Slot]) -> Result<(), DoubleBooked> {
    match booked.iter().find(|taken| taken.overlaps(slot)) {
        Some(taken) => Err(DoubleBooked { taken: *taken }),
        None => Ok(()),
    }
}

/// The earliest of `slots` that starts after `now`, is free and fits the
/// patient's preferred times: what the app proposes when a pharmacist accepts.
pub fn earliest_fit(
    slots: &[Slot],
    booked: &[Slot],
    now: DateTime<Utc>,
    preferences: &[PreferredTime],
    patient_zone: Tz,
) -> Option<Slot> {
    fitting_slots(slots, booked, now, preferences, patient_zone).into_iter().next()
}

/// Every slot [`earliest_fit`] could pick, earliest first: the choices a
/// pharmacist is offered when the first does not suit.
pub fn fitting_slots(
    slots: &[Slot],
    booked: &[Slot],
    now: DateTime<Utc>,
    preferences: &[PreferredTime],
    patient_zone: Tz,
) -> Vec<Slot> {
    let mut fitting: Vec<Slot> = slots
        .iter()
        .filter(|slot| slot.start >= now)
        .filter(|slot| check_booking(slot, booked).is_ok())
        .filter(|slot| fits_preferences(slot, preferences, patient_zone))
        .copied()
        .collect();
    fitting.sort();
    fitting
}

/// Whether a consult in `needed` with a pharmacist who speaks `spoken` needs an interpreter.
pub fn interpreter_needed(needed: Language, spoken: &[Language]) -> bool {
    !spoken.contains(&needed)
}

/// One pharmacist's earliest free time that suits the patient, and whether
/// they speak the consult's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlotOffer {
    pub pharmacist_id: EntityId,
    pub speaks_language: bool,
    pub slot: Slot,
}

/// The offer a patient should get first: from a pharmacist who speaks the
/// consult's language where one has a fitting slot (language access comes
/// before a sooner time), otherwise the earliest of all. Ties go to the
/// earlier slot.
pub fn best_offer(offers: &[SlotOffer]) -> Option<SlotOffer> {
    offers.iter().copied().min_by_key(|offer| (!offer.speaks_language, offer.slot.start, offer.pharmacist_id))
}

/// What makes a pharmacist's hours unusable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum AvailabilityProblem {
    /// Slots shorter than 5 or longer than 120 minutes.
    SlotLength,
    /// Weekly or extra hours that end before they start.
    HoursBackwards,
    /// The same date listed as a day off twice, or two extra stretches that overlap.
    ExceptionOverlap,
}

/// Shortest and longest consult slot a pharmacist may set.
pub const SLOT_MINUTES_RANGE: std::ops::RangeInclusive<u32> = 5..=120;

/// Every problem with a pharmacist's hours, each named once.
pub fn check_availability(
    weekly: &[WeeklyHours],
    exceptions: &[AvailabilityException],
    slot_minutes: u32,
) -> Vec<AvailabilityProblem> {
    let mut problems = Vec::new();
    if !SLOT_MINUTES_RANGE.contains(&slot_minutes) {
        problems.push(AvailabilityProblem::SlotLength);
    }
    let extra_backwards = exceptions
        .iter()
        .any(|exception| matches!(exception, AvailabilityException::Extra { start, end, .. } if start >= end));
    if weekly.iter().any(|hours| hours.start >= hours.end) || extra_backwards {
        problems.push(AvailabilityProblem::HoursBackwards);
    }
    let overlapping = exceptions.iter().enumerate().any(|(index, first)| {
        exceptions[index + 1..].iter().any(|second| match (first, second) {
            (AvailabilityException::DayOff { date: a }, AvailabilityException::DayOff { date: b }) => a == b,
            (
                AvailabilityException::Extra { date: a, start: a_start, end: a_end },
                AvailabilityException::Extra { date: b, start: b_start, end: b_end },
            ) => a == b && a_start < b_end && b_start < a_end,
            _ => false,
        })
    });
    if overlapping {
        problems.push(AvailabilityProblem::ExceptionOverlap);
    }
    problems
}

/// The pending-request queue's order: more urgent first, then older first.
pub fn by_queue_priority(a: (Urgency, DateTime<Utc>), b: (Urgency, DateTime<Utc>)) -> Ordering {
    a.0.cmp(&b.0).then(a.1.cmp(&b.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn every_day(start: NaiveTime, end: NaiveTime) -> Vec<WeeklyHours> {
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun]
            .into_iter()
            .map(|weekday| WeeklyHours { weekday, start, end })
            .collect()
    }

    fn pharmacist(zone: Tz, weekly: Vec<WeeklyHours>) -> Availability {
        Availability { zone, weekly, exceptions: Vec::new(), slot_minutes: DEFAULT_SLOT_MINUTES }
    }

    #[test]
    fn every_legal_and_illegal_transition() {
        use ConsultStatus as S;
        use ConsultTransition as T;
        let legal = [
            (S::Requested, T::Schedule, S::Scheduled),
            (S::Requested, T::Decline, S::Declined),
            (S::Requested, T::Cancel, S::Cancelled),
            (S::Scheduled, T::Reschedule, S::Scheduled),
            (S::Scheduled, T::Complete, S::Completed),
            (S::Scheduled, T::NoShow, S::NoShow),
            (S::Scheduled, T::Cancel, S::Cancelled),
        ];
        for from in ConsultStatus::ALL {
            for transition in ConsultTransition::ALL {
                let expected = legal.iter().find(|(f, t, _)| *f == from && *t == transition).map(|(_, _, to)| *to);
                match expected {
                    Some(to) => assert_eq!(next_status(from, transition), Ok(to), "{from:?} {transition:?}"),
                    None => assert_eq!(
                        next_status(from, transition),
                        Err(IllegalTransition { from, transition }),
                        "{from:?} {transition:?}"
                    ),
                }
            }
        }
        assert!(ConsultStatus::ALL.iter().filter(|status| status.is_final()).all(|status| {
            ConsultTransition::ALL.iter().all(|transition| next_status(*status, *transition).is_err())
        }));
    }

    #[test]
    fn weekly_hours_become_slots_in_the_pharmacists_zone() {
        let chicago: Tz = "America/Chicago".parse().unwrap();
        let tuesdays = vec![WeeklyHours { weekday: Weekday::Tue, start: time(9, 0), end: time(10, 0) }];
        let slots = pharmacist(chicago, tuesdays).slots(date(2026, 11, 23), date(2026, 11, 29));
        let starts: Vec<_> = slots.iter().map(|slot| slot.start).collect();
        assert_eq!(
            starts,
            [
                at("2026-11-24T15:00:00Z"),
                at("2026-11-24T15:15:00Z"),
                at("2026-11-24T15:30:00Z"),
                at("2026-11-24T15:45:00Z")
            ]
        );
        assert!(slots.iter().all(|slot| slot.end - slot.start == Duration::minutes(15)));
    }

    #[test]
    fn a_slot_that_would_run_past_the_hours_is_not_offered() {
        let zone: Tz = "America/New_York".parse().unwrap();
        let mut availability = pharmacist(zone, every_day(time(9, 0), time(9, 50)));
        availability.slot_minutes = 20;
        assert_eq!(availability.slots(date(2026, 11, 24), date(2026, 11, 24)).len(), 2);
    }

    #[test]
    fn days_off_remove_weekly_hours_and_extra_hours_add_to_them() {
        let zone: Tz = "America/New_York".parse().unwrap();
        let mut availability = pharmacist(zone, every_day(time(9, 0), time(10, 0)));
        availability.exceptions = vec![
            AvailabilityException::DayOff { date: date(2026, 11, 26) },
            AvailabilityException::Extra { date: date(2026, 11, 26), start: time(14, 0), end: time(14, 30) },
            AvailabilityException::Extra { date: date(2026, 11, 27), start: time(17, 0), end: time(17, 15) },
        ];
        let count_on = |day| availability.slots(date(2026, 11, day), date(2026, 11, day)).len();
        assert_eq!(count_on(25), 4);
        assert_eq!(count_on(26), 2, "Thanksgiving: no weekly hours, the extra half hour only");
        assert_eq!(count_on(27), 5);
    }

    #[test]
    fn slots_keep_the_local_hours_across_both_dst_changes() {
        let zone: Tz = "America/New_York".parse().unwrap();
        let availability = pharmacist(zone, every_day(time(9, 0), time(10, 0)));
        for (before, change, offset_before, offset_after) in
            [(date(2026, 3, 7), date(2026, 3, 8), 14, 13), (date(2026, 10, 31), date(2026, 11, 1), 13, 14)]
        {
            let first = |day| availability.slots(day, day)[0].start;
            assert_eq!(first(before), Utc.from_utc_datetime(&before.and_time(time(offset_before, 0))));
            assert_eq!(first(change), Utc.from_utc_datetime(&change.and_time(time(offset_after, 0))));
            assert_eq!(availability.slots(change, change).len(), 4);
        }
    }

    #[test]
    fn the_skipped_hour_is_not_offered_and_the_repeated_hour_is_offered_once() {
        let zone: Tz = "America/New_York".parse().unwrap();
        let night = pharmacist(zone, every_day(time(1, 0), time(4, 0)));
        let spring = night.slots(date(2026, 3, 8), date(2026, 3, 8));
        // 1:00–1:59 EST, then 3:00–3:59 EDT: 2:00–2:59 does not exist.
        assert_eq!(spring.len(), 8);
        assert!(spring.windows(2).all(|pair| !pair[0].overlaps(&pair[1])));
        let autumn = night.slots(date(2026, 11, 1), date(2026, 11, 1));
        // 1:00–3:59 by the clock; the repeated 1:00–1:59 once.
        assert_eq!(autumn.len(), 12);
        assert!(autumn.windows(2).all(|pair| !pair[0].overlaps(&pair[1])));
    }

    #[test]
    fn the_earliest_free_slot_that_fits_the_patients_hours_in_the_patients_zone() {
        let chicago: Tz = "America/Chicago".parse().unwrap();
        let phoenix: Tz = "America/Phoenix".parse().unwrap();
        let slots =
            pharmacist(chicago, every_day(time(9, 0), time(12, 0))).slots(date(2026, 11, 24), date(2026, 11, 25));
        // Patient: mornings from 9:30 on their clock (Phoenix is an hour behind Chicago in winter).
        let preferences = [PreferredTime { weekday: None, start: time(9, 30), end: time(12, 0) }];
        let booked = [Slot { start: at("2026-11-24T16:30:00Z"), end: at("2026-11-24T16:45:00Z") }];
        let now = at("2026-11-24T14:00:00Z");
        let proposed = earliest_fit(&slots, &booked, now, &preferences, phoenix).unwrap();
        // 9:30 Phoenix = 10:30 Chicago = 16:30Z is booked; the next is 10:45 Chicago.
        assert_eq!(proposed.start, at("2026-11-24T16:45:00Z"));
        // A Wednesday-only preference moves it a day.
        let wednesdays = [PreferredTime { weekday: Some(Weekday::Wed), ..preferences[0] }];
        assert_eq!(earliest_fit(&slots, &booked, now, &wednesdays, phoenix).unwrap().start, at("2026-11-25T16:30:00Z"));
        // Past slots are never proposed; no preferences means the first free slot.
        let later = at("2026-11-24T17:01:00Z");
        assert_eq!(earliest_fit(&slots, &booked, later, &[], phoenix).unwrap().start, at("2026-11-24T17:15:00Z"));
        // The choices offered after the proposal: every later fitting slot, in order, none booked.
        let choices = fitting_slots(&slots, &booked, now, &preferences, phoenix);
        assert_eq!(choices.first(), Some(&proposed));
        assert!(choices.windows(2).all(|pair| pair[0].start < pair[1].start));
        assert!(choices.iter().all(|slot| !slot.overlaps(&booked[0])));
        assert_eq!(choices.len(), 2 * 6 - 1, "10:30–12:00 Chicago on two days, less the booked one");
        let impossible = [PreferredTime { weekday: None, start: time(20, 0), end: time(21, 0) }];
        assert_eq!(earliest_fit(&slots, &booked, now, &impossible, phoenix), None);
    }

    #[test]
    fn a_slot_is_never_booked_twice_but_back_to_back_is_fine() {
        let taken = Slot { start: at("2026-11-24T15:00:00Z"), end: at("2026-11-24T15:15:00Z") };
        let same = taken;
        let overlapping = Slot { start: at("2026-11-24T15:10:00Z"), end: at("2026-11-24T15:25:00Z") };
        let next = Slot { start: at("2026-11-24T15:15:00Z"), end: at("2026-11-24T15:30:00Z") };
        assert_eq!(check_booking(&same, &[taken]), Err(DoubleBooked { taken }));
        assert_eq!(check_booking(&overlapping, &[taken]), Err(DoubleBooked { taken }));
        assert_eq!(check_booking(&next, &[taken]), Ok(()));
    }

    #[test]
    fn an_interpreter_is_needed_only_without_a_shared_language() {
        assert!(!interpreter_needed(Language::Spanish, &[Language::English, Language::Spanish]));
        assert!(interpreter_needed(Language::Spanish, &[Language::English]));
        assert!(interpreter_needed(Language::English, &[]));
    }

    #[test]
    fn a_speaker_is_offered_first_even_when_a_non_speaker_is_free_sooner() {
        let slot = |start: &str| Slot { start: at(start), end: at(start) + Duration::minutes(15) };
        let english_only = SlotOffer {
            pharmacist_id: EntityId::from_u128(1),
            speaks_language: false,
            slot: slot("2026-03-03T15:00:00Z"),
        };
        let speaker_later = SlotOffer {
            pharmacist_id: EntityId::from_u128(2),
            speaks_language: true,
            slot: slot("2026-03-04T15:00:00Z"),
        };
        let speaker_sooner = SlotOffer { slot: slot("2026-03-03T16:00:00Z"), ..speaker_later };
        assert_eq!(best_offer(&[english_only, speaker_later]), Some(speaker_later));
        assert_eq!(best_offer(&[speaker_later, english_only, speaker_sooner]), Some(speaker_sooner));
        assert_eq!(best_offer(&[english_only]), Some(english_only), "no speaker free: the earliest of all");
        assert_eq!(best_offer(&[]), None);
    }

    #[test]
    fn availability_problems_are_each_named_once() {
        let hours = every_day(time(9, 0), time(17, 0));
        assert!(check_availability(&hours, &[], 15).is_empty());
        assert_eq!(check_availability(&hours, &[], 4), vec![AvailabilityProblem::SlotLength]);
        assert_eq!(check_availability(&hours, &[], 121), vec![AvailabilityProblem::SlotLength]);
        let backwards = vec![WeeklyHours { weekday: Weekday::Mon, start: time(17, 0), end: time(9, 0) }];
        assert_eq!(check_availability(&backwards, &[], 15), vec![AvailabilityProblem::HoursBackwards]);
        let extra = |start, end| AvailabilityException::Extra { date: date(2026, 3, 7), start, end };
        assert_eq!(
            check_availability(&hours, &[extra(time(12, 0), time(10, 0))], 15),
            vec![AvailabilityProblem::HoursBackwards]
        );
        assert_eq!(
            check_availability(&hours, &[extra(time(9, 0), time(11, 0)), extra(time(10, 30), time(12, 0))], 15),
            vec![AvailabilityProblem::ExceptionOverlap]
        );
        assert!(
            check_availability(&hours, &[extra(time(9, 0), time(11, 0)), extra(time(11, 0), time(12, 0))], 15)
                .is_empty(),
            "back-to-back extra hours are fine"
        );
        let off = AvailabilityException::DayOff { date: date(2026, 3, 9) };
        assert_eq!(check_availability(&hours, &[off, off], 15), vec![AvailabilityProblem::ExceptionOverlap]);
        assert!(check_availability(&hours, &[off, extra(time(9, 0), time(10, 0))], 15).is_empty());
    }

    #[test]
    fn the_queue_puts_urgent_then_older_requests_first() {
        let morning = at("2026-11-24T14:00:00Z");
        let noon = at("2026-11-24T17:00:00Z");
        let mut queue = vec![(Urgency::Routine, morning), (Urgency::Today, noon), (Urgency::Today, morning)];
        queue.sort_by(|a, b| by_queue_priority(*a, *b));
        assert_eq!(queue, [(Urgency::Today, morning), (Urgency::Today, noon), (Urgency::Routine, morning)]);
    }
}
