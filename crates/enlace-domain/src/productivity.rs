//! Productivity, per coordinator and for the team, over a range of days:
//! calls made, calls taken, other contacts logged, patients reached, reach
//! rate, refills confirmed, consults requested, average handle time and
//! exceptions raised — all counted from
//! the documented interactions, consult requests and flags the local store
//! holds, so it works offline.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::{ContactChannel, Disposition, EntityId, Interaction, local_date};

/// One person's (or the team's) figures.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Productivity {
    /// Username, or empty for the team.
    pub who: String,
    /// Outbound calls documented.
    pub calls: u32,
    /// Inbound calls documented.
    pub inbound_calls: u32,
    /// Texts, e-mails, letters, faxes, walk-ins and web requests logged.
    pub other_contacts: u32,
    /// Distinct patients spoken to.
    pub patients_reached: u32,
    /// Outbound calls in which the patient was spoken to, per thousand calls (the UI shows a percentage).
    pub reach_per_mille: u32,
    /// On any channel: a patient who calls in and confirms counts as one reached.
    pub refills_confirmed: u32,
    pub consults_requested: u32,
    /// Mean duration of the calls that recorded one, in seconds.
    pub average_handle_seconds: Option<u32>,
    pub exceptions_raised: u32,
}

/// What productivity counts besides interactions: who asked for a consult or raised a flag, and when.
#[derive(Debug, Clone, Copy)]
pub struct Event<'a> {
    pub who: &'a str,
    pub at: DateTime<Utc>,
}

/// Everyone's figures for `[from, until)`, by username, and the team's.
pub fn productivity(
    interactions: &[Interaction],
    consult_requests: &[Event<'_>],
    flags: &[Event<'_>],
    from: DateTime<Utc>,
    until: DateTime<Utc>,
) -> (Vec<Productivity>, Productivity) {
    let within = |at: DateTime<Utc>| at >= from && at < until;
    #[derive(Default)]
    struct Tally {
        calls: u32,
        inbound_calls: u32,
        other_contacts: u32,
        reached_calls: u32,
        patients: BTreeSet<EntityId>,
        refills: u32,
        consults: u32,
        handled_seconds: u64,
        handled_calls: u32,
        flags: u32,
    }
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut team = Tally::default();
    for interaction in interactions.iter().filter(|interaction| within(interaction.occurred_at)) {
        let outbound = interaction.channel == ContactChannel::OutboundCall;
        for tally in [tallies.entry(interaction.recorded_by.clone()).or_default(), &mut team] {
            match interaction.channel {
                ContactChannel::OutboundCall => tally.calls += 1,
                ContactChannel::InboundCall => tally.inbound_calls += 1,
                _ => tally.other_contacts += 1,
            }
            let reached = interaction.disposition.is_some_and(Disposition::reached);
            if reached && outbound {
                tally.reached_calls += 1;
            }
            if reached {
                tally.patients.insert(interaction.patient_id);
            }
            if interaction.disposition == Some(Disposition::RefillConfirmed) {
                tally.refills += 1;
            }
            if let Some(seconds) = interaction.duration_seconds.filter(|_| outbound) {
                tally.handled_seconds += u64::from(seconds);
                tally.handled_calls += 1;
            }
        }
    }
    for event in consult_requests.iter().filter(|event| within(event.at)) {
        tallies.entry(event.who.to_owned()).or_default().consults += 1;
        team.consults += 1;
    }
    for event in flags.iter().filter(|event| within(event.at)) {
        tallies.entry(event.who.to_owned()).or_default().flags += 1;
        team.flags += 1;
    }
    let figures = |who: String, tally: &Tally| Productivity {
        who,
        calls: tally.calls,
        inbound_calls: tally.inbound_calls,
        other_contacts: tally.other_contacts,
        patients_reached: u32::try_from(tally.patients.len()).unwrap_or(u32::MAX),
        reach_per_mille: (tally.reached_calls * 1000).checked_div(tally.calls).unwrap_or(0),
        refills_confirmed: tally.refills,
        consults_requested: tally.consults,
        average_handle_seconds: (tally.handled_calls > 0)
            .then(|| u32::try_from(tally.handled_seconds / u64::from(tally.handled_calls)).unwrap_or(u32::MAX)),
        exceptions_raised: tally.flags,
    };
    let people = tallies.iter().map(|(who, tally)| figures(who.clone(), tally)).collect();
    (people, figures(String::new(), &team))
}

/// One day's calls, for the chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct DailyCalls {
    pub day: NaiveDate,
    pub calls: u32,
    pub reached: u32,
}

/// Outbound calls per day of `first..=last` in `zone` (every day, zero or
/// not), of `who` only when given.
pub fn daily_calls(
    interactions: &[Interaction],
    zone: Tz,
    first: NaiveDate,
    last: NaiveDate,
    who: Option<&str>,
) -> Vec<DailyCalls> {
    let mut days: BTreeMap<NaiveDate, DailyCalls> = first
        .iter_days()
        .take_while(|day| *day <= last)
        .map(|day| (day, DailyCalls { day, calls: 0, reached: 0 }))
        .collect();
    let counted = interactions.iter().filter(|interaction| {
        interaction.channel == ContactChannel::OutboundCall && who.is_none_or(|who| interaction.recorded_by == who)
    });
    for interaction in counted {
        if let Some(day) = days.get_mut(&local_date(interaction.occurred_at, zone)) {
            day.calls += 1;
            day.reached += u32::from(interaction.disposition.is_some_and(Disposition::reached));
        }
    }
    days.into_values().collect()
}

/// A period a report covers, as a person asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase", tag = "kind")]
pub enum ReportPeriod {
    Today,
    /// Monday to today.
    ThisWeek,
    /// Both days included.
    Range {
        first: NaiveDate,
        last: NaiveDate,
    },
}

/// The longest range a report covers, in days.
pub const REPORT_MAX_DAYS: i64 = 366;

/// The days `period` covers on `today`, or `None` when the range is backwards, too long or in the future.
pub fn report_days(period: ReportPeriod, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let (first, last) = match period {
        ReportPeriod::Today => (today, today),
        ReportPeriod::ThisWeek => (today - Duration::days(i64::from(today.weekday().num_days_from_monday())), today),
        ReportPeriod::Range { first, last } => (first, last),
    };
    let days = (last - first).num_days() + 1;
    (first <= last && days <= REPORT_MAX_DAYS && first <= today).then_some((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    fn call(by: &str, patient: u128, disposition: Disposition, when: &str, seconds: Option<u32>) -> Interaction {
        Interaction {
            id: EntityId::now_v7(),
            patient_id: EntityId::from_u128(patient),
            occurred_at: at(when),
            recorded_by: by.into(),
            channel: ContactChannel::OutboundCall,
            direction: crate::interaction::Direction::Outbound,
            party: crate::interaction::ContactParty::Patient,
            reason: None,
            disposition: Some(disposition),
            notes: String::new(),
            language: Language::Spanish,
            interpreter_used: false,
            duration_seconds: seconds,
            refill: None,
            decline_reason: None,
            callback_at: None,
        }
    }

    #[test]
    fn each_coordinator_and_the_team_are_counted_over_the_range() {
        let calls = [
            call("ana", 1, Disposition::RefillConfirmed, "2026-12-01T14:00:00Z", Some(120)),
            call("ana", 1, Disposition::CallBack, "2026-12-01T15:00:00Z", Some(60)),
            call("ana", 2, Disposition::NoAnswer, "2026-12-01T16:00:00Z", None),
            call("ana", 3, Disposition::VoicemailLeft, "2026-12-01T17:00:00Z", Some(30)),
            call("jose", 4, Disposition::RefillConfirmed, "2026-12-01T14:30:00Z", Some(200)),
            // Outside the range.
            call("jose", 5, Disposition::RefillConfirmed, "2026-11-30T14:30:00Z", Some(200)),
        ];
        let mut inbound = call("jose", 6, Disposition::RefillConfirmed, "2026-12-01T18:00:00Z", Some(90));
        inbound.channel = ContactChannel::InboundCall;
        let mut all = calls.to_vec();
        all.push(inbound);
        let consults = [Event { who: "ana", at: at("2026-12-01T15:05:00Z") }];
        let flags = [
            Event { who: "jose", at: at("2026-12-01T14:35:00Z") },
            Event { who: "jose", at: at("2026-11-01T00:00:00Z") },
        ];
        let (people, team) =
            productivity(&all, &consults, &flags, at("2026-12-01T00:00:00Z"), at("2026-12-02T00:00:00Z"));
        let ana = &people[0];
        assert_eq!(ana.who, "ana");
        assert_eq!((ana.calls, ana.patients_reached, ana.reach_per_mille), (4, 1, 500));
        assert_eq!((ana.refills_confirmed, ana.consults_requested, ana.exceptions_raised), (1, 1, 0));
        assert_eq!(ana.average_handle_seconds, Some(70), "(120 + 60 + 30) / 3 calls that recorded a time");
        let jose = &people[1];
        assert_eq!(
            (jose.calls, jose.inbound_calls, jose.refills_confirmed, jose.exceptions_raised),
            (1, 1, 2, 1),
            "an inbound call is not a call made, but its confirmed refill counts"
        );
        assert_eq!(jose.patients_reached, 2, "the caller was reached");
        assert_eq!((team.calls, team.patients_reached, team.refills_confirmed), (5, 3, 3));
        assert_eq!(team.reach_per_mille, 600);
    }

    #[test]
    fn calls_are_counted_on_the_pharmacys_day_and_every_day_appears() {
        let calls = [
            // 8:30 PM in New York on Nov 30, already Dec 1 in UTC.
            call("ana", 1, Disposition::RefillConfirmed, "2026-12-01T01:30:00Z", None),
            call("ana", 2, Disposition::NoAnswer, "2026-12-02T15:00:00Z", None),
            call("jose", 3, Disposition::CallBack, "2026-12-02T16:00:00Z", None),
        ];
        let days = |who| {
            daily_calls(&calls, chrono_tz::America::New_York, day(11, 30), day(12, 2), who)
                .iter()
                .map(|daily| (daily.day, daily.calls, daily.reached))
                .collect::<Vec<_>>()
        };
        assert_eq!(days(None), [(day(11, 30), 1, 1), (day(12, 1), 0, 0), (day(12, 2), 2, 1)]);
        assert_eq!(days(Some("ana")), [(day(11, 30), 1, 1), (day(12, 1), 0, 0), (day(12, 2), 1, 0)]);
    }

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn a_week_starts_on_monday_and_a_range_must_make_sense() {
        // Dec 2 2026 is a Wednesday.
        assert_eq!(report_days(ReportPeriod::ThisWeek, day(12, 2)), Some((day(11, 30), day(12, 2))));
        assert_eq!(report_days(ReportPeriod::Today, day(12, 2)), Some((day(12, 2), day(12, 2))));
        let range = |first, last| ReportPeriod::Range { first, last };
        assert_eq!(report_days(range(day(11, 1), day(11, 30)), day(12, 2)), Some((day(11, 1), day(11, 30))));
        assert_eq!(report_days(range(day(11, 30), day(11, 1)), day(12, 2)), None, "backwards");
        assert_eq!(report_days(range(day(12, 3), day(12, 4)), day(12, 2)), None, "the future");
        let long_ago = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        assert_eq!(report_days(range(long_ago, day(12, 1)), day(12, 2)), None, "over a year");
    }

    #[test]
    fn no_calls_means_no_rate_and_no_handle_time() {
        let (people, team) = productivity(&[], &[], &[], at("2026-12-01T00:00:00Z"), at("2026-12-02T00:00:00Z"));
        assert!(people.is_empty());
        assert_eq!((team.calls, team.reach_per_mille, team.average_handle_seconds), (0, 0, None));
    }
}
