//! When a patient may be called: the calling window in the patient's own
//! zone, the contact limits, and the retry rules that turn the attempts made
//! so far into the next attempt's time — or into "resolved" or "exception".
//!
//! Every function takes the instant it judges; chrono-tz does the daylight
//! saving arithmetic, so a rule is never written in "hours from now" alone.

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::{CallingWindow, ContactChannel, Disposition, Interaction, local_date};

/// The pharmacy's retry and contact-limit settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CallRules {
    /// After no answer, busy or a voicemail, wait this long (then the next calling time).
    pub retry_after_hours: u32,
    /// Unanswered attempts in one refill cycle before the patient goes to the exception queue.
    pub max_attempts: u32,
    /// Reminder calls per patient per local day.
    pub daily_call_limit: u32,
    /// Reminder calls per patient in any seven local days.
    pub weekly_call_limit: u32,
}

impl Default for CallRules {
    fn default() -> Self {
        Self { retry_after_hours: 4, max_attempts: 3, daily_call_limit: 1, weekly_call_limit: 3 }
    }
}

/// Why a patient left the call list for the supervisor's exception queue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum ExceptionReason {
    AttemptCap,
    WrongNumber,
}

/// Where this refill cycle's calls stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase", tag = "kind")]
pub enum CallState {
    /// Still to call. `next_call_at` is `None` when a call may be placed now,
    /// and also when the patient's window is empty (see `callable_now`).
    Open { next_call_at: Option<DateTime<Utc>>, callable_now: bool },
    /// The patient answered this cycle's question; nothing to do until the next fill.
    Resolved { by: Disposition },
    /// A supervisor has to look at it.
    Exception { reason: ExceptionReason },
}

/// The window that applies to one patient: the pharmacy's, cut to the
/// federal limit and to the patient's own preferred hours. `None` when
/// nothing is left of it (the patient's hours lie outside the pharmacy's).
pub fn effective_window(pharmacy: CallingWindow, patient: Option<CallingWindow>) -> Option<CallingWindow> {
    let mut window = pharmacy.within_federal_limit();
    if let Some(preferred) = patient {
        window.start = window.start.max(preferred.start);
        window.end = window.end.min(preferred.end);
    }
    (window.start < window.end).then_some(window)
}

/// The hours, on `zone`'s clock, at which `window` holds in `zone` and in
/// every one of `others` too: a patient whose zone is only suggested may be
/// in any of them, and a call must be legal wherever they are. Each other
/// zone's window is moved onto `zone`'s clock by the larger of the two
/// differences between them (January's and July's), so it holds on either
/// side of a daylight-saving change. `None` when no hour holds everywhere.
pub fn window_in_every_zone(window: CallingWindow, zone: Tz, others: &[Tz]) -> Option<CallingWindow> {
    let here = crate::zip_zone::offsets(zone);
    let (mut start, mut end) = (window.start, window.end);
    for other in others {
        let there = crate::zip_zone::offsets(*other);
        // Seconds `zone`'s clock is ahead of `other`'s, in January and in July.
        let ahead = [here[0] - there[0], here[1] - there[1]];
        let latest = ahead.iter().copied().max().unwrap_or(0);
        let earliest = ahead.iter().copied().min().unwrap_or(0);
        // `other`'s 8:00 is `zone`'s 8:00 + ahead; its 21:00 likewise.
        start = start.max(shifted(window.start, latest)?);
        end = end.min(shifted(window.end, earliest)?);
    }
    (start < end).then_some(CallingWindow { start, end })
}

/// `time` moved by `seconds` on the same day, or `None` when that leaves the
/// day (the window would wrap around midnight: nothing sensible holds).
fn shifted(time: NaiveTime, seconds: i32) -> Option<NaiveTime> {
    let moved = i64::from(time.num_seconds_from_midnight()) + i64::from(seconds);
    u32::try_from(moved).ok().and_then(|moved| NaiveTime::from_num_seconds_from_midnight_opt(moved, 0))
}

/// The hours a patient may be called, on the clock of `zone` (theirs): the
/// pharmacy's, within the federal limit, cut to the patient's own request and,
/// while their zone is only a suggestion, to what holds in every zone their
/// ZIP could be in. The one rule every judgment of "may we call now" uses.
pub fn patient_window(pharmacy: CallingWindow, patient: &crate::Patient, zone: Tz) -> Option<CallingWindow> {
    let window = effective_window(pharmacy, patient.preferred_call_window)?;
    window_in_every_zone(window, zone, &patient.other_possible_zones(zone))
}

/// The instant at which `local` wall-clock time happens on `date` in `zone`.
/// Ambiguous times (clocks fall back) take the first; a time the clocks skip
/// (spring forward) moves on by the skipped hour, as a wall clock would.
pub fn local_instant(date: NaiveDate, local: NaiveTime, zone: Tz) -> Option<DateTime<Utc>> {
    let naive = date.and_time(local);
    zone.from_local_datetime(&naive)
        .earliest()
        .or_else(|| zone.from_local_datetime(&(naive + Duration::hours(1))).earliest())
        .map(|instant| instant.with_timezone(&Utc))
}

/// The first instant at or after `from` when `window` is open in `zone`.
pub fn next_open_at(from: DateTime<Utc>, window: CallingWindow, zone: Tz) -> Option<DateTime<Utc>> {
    let local = from.with_timezone(&zone);
    if window.contains(local.time()) {
        return Some(from);
    }
    let mut date = local.date_naive();
    // Two days cover any DST oddity; the loop is bounded rather than trusting it.
    for _ in 0..3 {
        if let Some(opening) = local_instant(date, window.start, zone)
            && opening >= from
            && window.contains(opening.with_timezone(&zone).time())
        {
            return Some(opening);
        }
        date = date.checked_add_days(Days::new(1))?;
    }
    None
}

/// The first local date, from `today` on, on which one more reminder call
/// stays within the daily and weekly limits, given the local dates of the
/// reminder calls already made. `None` when the limits allow no calls at all.
pub fn contact_limit_clears_on(call_dates: &[NaiveDate], today: NaiveDate, rules: CallRules) -> Option<NaiveDate> {
    if rules.daily_call_limit == 0 || rules.weekly_call_limit == 0 {
        return None;
    }
    let count_between = |first: NaiveDate, last: NaiveDate| {
        call_dates.iter().filter(|date| (first..=last).contains(*date)).count() as u64
    };
    let mut date = today;
    // Past calls stop counting after seven days, so the eighth day is always free.
    for _ in 0..8 {
        let week_start = date.checked_sub_days(Days::new(6)).unwrap_or(NaiveDate::MIN);
        if count_between(date, date) < u64::from(rules.daily_call_limit)
            && count_between(week_start, date) < u64::from(rules.weekly_call_limit)
        {
            return Some(date);
        }
        date = date.checked_add_days(Days::new(1))?;
    }
    None
}

/// Everything [`plan_call`] judges for one patient.
#[derive(Debug, Clone, Copy)]
pub struct CallContext<'a> {
    /// The patient's outbound calls in this refill cycle (any order).
    pub cycle_calls: &'a [&'a Interaction],
    /// Local dates of the patient's reminder calls in the last week (any cycle), for the contact limits.
    pub recent_call_dates: &'a [NaiveDate],
    pub zone: Tz,
    /// From [`effective_window`].
    pub window: Option<CallingWindow>,
    pub rules: CallRules,
    pub now: DateTime<Utc>,
}

/// What this cycle's calls have settled, whatever the time now: the part of
/// [`plan_call`] that a store can keep beside each patient and index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase", tag = "kind")]
pub enum CycleOutcome {
    /// Still to call, not before `retry_at`; `requested_callback` when that
    /// time is the patient's own request (exempt from the contact limits).
    Open {
        retry_at: Option<DateTime<Utc>>,
        requested_callback: bool,
    },
    Resolved {
        by: Disposition,
    },
    Exception {
        reason: ExceptionReason,
    },
}

/// Unanswered attempts are retried after `retry_after_hours` (at the next
/// calling time if that falls outside the window); a requested call back is
/// made at the asked time; the attempt cap and a wrong number send the patient
/// to the exception queue; a reached patient's answer resolves the cycle.
/// Calls are judged by when they started, so a call that runs past the end of
/// the window is a valid attempt.
pub fn cycle_outcome(cycle_calls: &[&Interaction], rules: CallRules) -> CycleOutcome {
    let mut calls: Vec<(&Interaction, Disposition)> = cycle_calls
        .iter()
        .filter(|call| call.channel.is_call())
        .filter_map(|call| Some((*call, call.disposition?)))
        .collect();
    calls.sort_by_key(|(call, _)| call.occurred_at);

    let mut unanswered: u32 = 0;
    let mut retry_at: Option<DateTime<Utc>> = None;
    let mut requested_callback = false;
    let mut wrong_number = false;
    for (call, disposition) in calls {
        if disposition.resolves_cycle() {
            return CycleOutcome::Resolved { by: disposition };
        }
        if call.channel != ContactChannel::OutboundCall && !disposition.reached() {
            // Only a call the pharmacy placed can go unanswered.
            continue;
        }
        wrong_number = disposition == Disposition::WrongNumber;
        requested_callback = false;
        match disposition {
            Disposition::CallBack => {
                // Reaching the patient starts the count of unanswered attempts afresh.
                unanswered = 0;
                requested_callback = call.callback_at.is_some();
                retry_at = Some(call.callback_at.unwrap_or(call.occurred_at + wait_before_calling_again(rules)));
            }
            _ if disposition.unanswered() => {
                unanswered = unanswered.saturating_add(1);
                retry_at = Some(call.occurred_at + wait_before_calling_again(rules));
            }
            _ => {}
        }
    }
    if wrong_number {
        return CycleOutcome::Exception { reason: ExceptionReason::WrongNumber };
    }
    if unanswered >= rules.max_attempts {
        return CycleOutcome::Exception { reason: ExceptionReason::AttemptCap };
    }
    CycleOutcome::Open { retry_at, requested_callback }
}

/// When an open cycle's next call may be placed, as of `now`: not before the
/// retry time, on a day the contact limits allow (unless the patient asked
/// for the call), inside the patient's window.
pub fn call_timing(
    retry_at: Option<DateTime<Utc>>,
    requested_callback: bool,
    recent_call_dates: &[NaiveDate],
    zone: Tz,
    window: Option<CallingWindow>,
    rules: CallRules,
    now: DateTime<Utc>,
) -> CallState {
    let Some(window) = window else {
        return CallState::Open { next_call_at: None, callable_now: false };
    };
    let mut earliest = retry_at.unwrap_or(now).max(now);
    if !requested_callback {
        let today = local_date(now, zone);
        let Some(free_day) = contact_limit_clears_on(recent_call_dates, today, rules) else {
            return CallState::Open { next_call_at: None, callable_now: false };
        };
        if free_day > today
            && let Some(start_of_day) = local_instant(free_day, NaiveTime::MIN, zone)
        {
            earliest = earliest.max(start_of_day);
        }
    }
    match next_open_at(earliest, window, zone) {
        Some(at) if at <= now => CallState::Open { next_call_at: None, callable_now: true },
        next => CallState::Open { next_call_at: next, callable_now: false },
    }
}

/// Where a patient's calls stand as of `context.now`: [`cycle_outcome`], then
/// [`call_timing`] while the cycle is open.
pub fn plan_call(context: &CallContext<'_>) -> CallState {
    match cycle_outcome(context.cycle_calls, context.rules) {
        CycleOutcome::Resolved { by } => CallState::Resolved { by },
        CycleOutcome::Exception { reason } => CallState::Exception { reason },
        CycleOutcome::Open { retry_at, requested_callback } => call_timing(
            retry_at,
            requested_callback,
            context.recent_call_dates,
            context.zone,
            context.window,
            context.rules,
            context.now,
        ),
    }
}

/// How long after an unanswered call the next attempt may be made (the pharmacy's `retry_after_hours`).
fn wait_before_calling_again(rules: CallRules) -> Duration {
    Duration::hours(i64::from(rules.retry_after_hours))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EntityId, Language};
    use chrono_tz::America::{New_York, Phoenix, Puerto_Rico};
    use chrono_tz::Pacific::Honolulu;

    fn hm(hour: u32, minute: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(hour, minute, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(zone: Tz, y: i32, m: u32, d: u32, hour: u32, minute: u32) -> DateTime<Utc> {
        zone.with_ymd_and_hms(y, m, d, hour, minute, 0).unwrap().with_timezone(&Utc)
    }

    fn call(occurred_at: DateTime<Utc>, disposition: Disposition) -> Interaction {
        Interaction {
            id: EntityId::nil(),
            patient_id: EntityId::nil(),
            occurred_at,
            recorded_by: "Coordinator".into(),
            channel: ContactChannel::OutboundCall,
            direction: crate::interaction::Direction::Outbound,
            party: crate::interaction::ContactParty::Patient,
            reason: None,
            disposition: Some(disposition),
            notes: String::new(),
            language: Language::English,
            interpreter_used: false,
            duration_seconds: Some(60),
            refill: None,
            decline_reason: None,
            callback_at: None,
        }
    }

    fn plan(calls: &[Interaction], zone: Tz, now: DateTime<Utc>) -> CallState {
        let refs: Vec<&Interaction> = calls.iter().collect();
        let dates: Vec<NaiveDate> = calls.iter().map(|call| local_date(call.occurred_at, zone)).collect();
        plan_call(&CallContext {
            cycle_calls: &refs,
            recent_call_dates: &dates,
            zone,
            window: Some(CallingWindow::federal_limit()),
            rules: CallRules::default(),
            now,
        })
    }

    #[test]
    fn the_patients_hours_narrow_the_pharmacys_and_can_leave_nothing() {
        let pharmacy = CallingWindow { start: hm(9, 0), end: hm(18, 0) };
        let evenings = CallingWindow { start: hm(17, 0), end: hm(20, 0) };
        assert_eq!(
            effective_window(pharmacy, Some(evenings)),
            Some(CallingWindow { start: hm(17, 0), end: hm(18, 0) })
        );
        let nights = CallingWindow { start: hm(19, 0), end: hm(20, 0) };
        assert_eq!(effective_window(pharmacy, Some(nights)), None);
        let wide = CallingWindow { start: hm(6, 0), end: hm(23, 0) };
        assert_eq!(effective_window(wide, None), Some(CallingWindow::federal_limit()));
    }

    #[test]
    fn the_next_opening_is_8am_patient_time_on_dst_change_days() {
        let window = CallingWindow::federal_limit();
        // 2027-03-14 New York springs forward at 2:00. From 1:30 EST the window opens at 8:00 EDT = 12:00 UTC.
        let night = at(New_York, 2027, 3, 14, 1, 30);
        assert_eq!(next_open_at(night, window, New_York), Some(Utc.with_ymd_and_hms(2027, 3, 14, 12, 0, 0).unwrap()));
        // 2026-11-01 falls back at 2:00 (1:00–2:00 happens twice): 8:00 EST = 13:00 UTC.
        let night = at(New_York, 2026, 11, 1, 0, 30);
        assert_eq!(next_open_at(night, window, New_York), Some(Utc.with_ymd_and_hms(2026, 11, 1, 13, 0, 0).unwrap()));
        // Phoenix has no DST: 8:00 MST = 15:00 UTC all year.
        let night = at(Phoenix, 2027, 3, 14, 1, 30);
        assert_eq!(next_open_at(night, window, Phoenix), Some(Utc.with_ymd_and_hms(2027, 3, 14, 15, 0, 0).unwrap()));
        // After 21:00 in Honolulu the window opens the next morning at 8:00 HST = 18:00 UTC.
        let late = at(Honolulu, 2026, 11, 22, 21, 0);
        assert_eq!(next_open_at(late, window, Honolulu), Some(Utc.with_ymd_and_hms(2026, 11, 23, 18, 0, 0).unwrap()));
        // Inside the window it is open at once.
        let noon = at(Puerto_Rico, 2026, 11, 22, 12, 0);
        assert_eq!(next_open_at(noon, window, Puerto_Rico), Some(noon));
    }

    #[test]
    fn a_time_skipped_by_spring_forward_moves_on_an_hour() {
        // 2:30 does not exist in New York on 2027-03-14; it becomes 3:30 EDT.
        assert_eq!(
            local_instant(date(2027, 3, 14), hm(2, 30), New_York),
            Some(Utc.with_ymd_and_hms(2027, 3, 14, 7, 30, 0).unwrap())
        );
        let early_window = CallingWindow { start: hm(2, 30), end: hm(4, 0) };
        let from = at(New_York, 2027, 3, 14, 0, 0);
        assert_eq!(
            next_open_at(from, early_window, New_York),
            Some(Utc.with_ymd_and_hms(2027, 3, 14, 7, 30, 0).unwrap())
        );
    }

    #[test]
    fn contact_limits_allow_one_call_a_day_and_three_in_any_seven_days() {
        let rules = CallRules::default();
        let today = date(2026, 11, 22);
        assert_eq!(contact_limit_clears_on(&[], today, rules), Some(today));
        assert_eq!(contact_limit_clears_on(&[today], today, rules), Some(date(2026, 11, 23)));
        // Calls on the 17th, 19th and 21st: the week is full until the 17th drops out on the 24th.
        let three = [date(2026, 11, 17), date(2026, 11, 19), date(2026, 11, 21)];
        assert_eq!(contact_limit_clears_on(&three, today, rules), Some(date(2026, 11, 24)));
        let none_allowed = CallRules { daily_call_limit: 0, ..rules };
        assert_eq!(contact_limit_clears_on(&[], today, none_allowed), None);
    }

    #[test]
    fn no_answer_is_retried_on_the_next_calling_day_when_four_hours_is_too_late() {
        // Voicemail at 18:00 New York: +4 h = 22:00, after the window → 8:00 next day (a call today is also over the daily limit).
        let voicemail = call(at(New_York, 2026, 11, 20, 18, 0), Disposition::VoicemailLeft);
        let now = at(New_York, 2026, 11, 20, 18, 5);
        assert_eq!(
            plan(&[voicemail], New_York, now),
            CallState::Open { next_call_at: Some(at(New_York, 2026, 11, 21, 8, 0)), callable_now: false }
        );
    }

    #[test]
    fn the_wait_before_calling_again_is_applied_once_the_daily_limit_allows_it() {
        let rules = CallRules { daily_call_limit: 2, ..CallRules::default() };
        let busy = call(at(Puerto_Rico, 2026, 11, 20, 9, 0), Disposition::Busy);
        let context = |now| CallContext {
            cycle_calls: &[],
            recent_call_dates: &[],
            zone: Puerto_Rico,
            window: Some(CallingWindow::federal_limit()),
            rules,
            now,
        };
        let calls = [&busy];
        let dates = [date(2026, 11, 20)];
        let at_ten = CallContext {
            cycle_calls: &calls,
            recent_call_dates: &dates,
            ..context(at(Puerto_Rico, 2026, 11, 20, 10, 0))
        };
        assert_eq!(
            plan_call(&at_ten),
            CallState::Open { next_call_at: Some(at(Puerto_Rico, 2026, 11, 20, 13, 0)), callable_now: false }
        );
        let at_one = CallContext { now: at(Puerto_Rico, 2026, 11, 20, 13, 0), ..at_ten };
        assert_eq!(plan_call(&at_one), CallState::Open { next_call_at: None, callable_now: true });
    }

    #[test]
    fn a_retry_across_spring_forward_counts_real_hours() {
        let rules = CallRules { daily_call_limit: 3, weekly_call_limit: 5, ..CallRules::default() };
        // 2027-03-14 9:00 EDT + 4 real hours = 13:00 EDT.
        let no_answer = call(at(New_York, 2027, 3, 14, 9, 0), Disposition::NoAnswer);
        let calls = [&no_answer];
        let dates = [date(2027, 3, 14)];
        let context = CallContext {
            cycle_calls: &calls,
            recent_call_dates: &dates,
            zone: New_York,
            window: Some(CallingWindow::federal_limit()),
            rules,
            now: at(New_York, 2027, 3, 14, 9, 5),
        };
        assert_eq!(
            plan_call(&context),
            CallState::Open { next_call_at: Some(at(New_York, 2027, 3, 14, 13, 0)), callable_now: false }
        );
    }

    #[test]
    fn the_attempt_cap_and_a_wrong_number_go_to_the_exception_queue() {
        let now = at(New_York, 2026, 11, 22, 12, 0);
        let tries = [
            call(at(New_York, 2026, 11, 18, 10, 0), Disposition::NoAnswer),
            call(at(New_York, 2026, 11, 19, 10, 0), Disposition::Busy),
            call(at(New_York, 2026, 11, 20, 10, 0), Disposition::VoicemailLeft),
        ];
        assert_eq!(plan(&tries, New_York, now), CallState::Exception { reason: ExceptionReason::AttemptCap });
        assert!(matches!(plan(&tries[..2], New_York, now), CallState::Open { .. }));
        let wrong = [call(at(New_York, 2026, 11, 20, 10, 0), Disposition::WrongNumber)];
        assert_eq!(plan(&wrong, New_York, now), CallState::Exception { reason: ExceptionReason::WrongNumber });
    }

    #[test]
    fn reaching_the_patient_resets_the_unanswered_count() {
        let now = at(New_York, 2026, 11, 22, 12, 0);
        let mut call_back = call(at(New_York, 2026, 11, 19, 10, 0), Disposition::CallBack);
        call_back.callback_at = Some(at(New_York, 2026, 11, 19, 17, 0));
        let tries = [
            call(at(New_York, 2026, 11, 17, 10, 0), Disposition::NoAnswer),
            call(at(New_York, 2026, 11, 18, 10, 0), Disposition::NoAnswer),
            call_back,
            call(at(New_York, 2026, 11, 19, 17, 0), Disposition::NoAnswer),
        ];
        let refs: Vec<&Interaction> = tries.iter().collect();
        let context = CallContext {
            cycle_calls: &refs,
            recent_call_dates: &[],
            zone: New_York,
            window: Some(CallingWindow::federal_limit()),
            rules: CallRules::default(),
            now,
        };
        assert_eq!(plan_call(&context), CallState::Open { next_call_at: None, callable_now: true });
    }

    #[test]
    fn a_requested_call_back_is_made_at_the_asked_time_despite_the_daily_limit() {
        let mut call_back = call(at(Phoenix, 2026, 11, 22, 10, 0), Disposition::CallBack);
        call_back.callback_at = Some(at(Phoenix, 2026, 11, 22, 17, 30));
        let now = at(Phoenix, 2026, 11, 22, 10, 5);
        assert_eq!(
            plan(std::slice::from_ref(&call_back), Phoenix, now),
            CallState::Open { next_call_at: Some(at(Phoenix, 2026, 11, 22, 17, 30)), callable_now: false }
        );
        let later = at(Phoenix, 2026, 11, 22, 17, 30);
        assert_eq!(plan(&[call_back], Phoenix, later), CallState::Open { next_call_at: None, callable_now: true });
    }

    #[test]
    fn an_answer_resolves_the_cycle() {
        let now = at(New_York, 2026, 11, 22, 12, 0);
        let tries = [
            call(at(New_York, 2026, 11, 18, 10, 0), Disposition::NoAnswer),
            call(at(New_York, 2026, 11, 19, 10, 0), Disposition::RefillConfirmed),
        ];
        assert_eq!(plan(&tries, New_York, now), CallState::Resolved { by: Disposition::RefillConfirmed });
    }

    #[test]
    fn a_call_that_runs_past_the_end_of_the_window_counts_from_its_start() {
        // Started 20:58 in Honolulu, lasted 7 minutes: inside the window when placed.
        let window = CallingWindow::federal_limit();
        let started = at(Honolulu, 2026, 11, 22, 20, 58);
        assert!(window.is_open_at(started, Honolulu));
        assert!(!window.is_open_at(started + Duration::minutes(7), Honolulu));
        let mut no_answer = call(started, Disposition::NoAnswer);
        no_answer.duration_seconds = Some(7 * 60);
        // Saved at 21:05: the next attempt is tomorrow's opening, 8:00 HST.
        let saved = started + Duration::minutes(7);
        assert_eq!(
            plan(&[no_answer], Honolulu, saved),
            CallState::Open { next_call_at: Some(at(Honolulu, 2026, 11, 23, 8, 0)), callable_now: false }
        );
    }

    #[test]
    fn no_window_left_means_never_callable() {
        let context = CallContext {
            cycle_calls: &[],
            recent_call_dates: &[],
            zone: New_York,
            window: None,
            rules: CallRules::default(),
            now: at(New_York, 2026, 11, 22, 12, 0),
        };
        assert_eq!(plan_call(&context), CallState::Open { next_call_at: None, callable_now: false });
    }

    #[test]
    fn a_suggested_zone_is_called_only_in_the_hours_that_hold_in_every_zone_it_could_be() {
        use chrono_tz::America::{Chicago, Denver, New_York, Phoenix};
        let federal = CallingWindow::federal_limit();
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        // Central or Mountain: 9:00–21:00 Central is 8:00–20:00 Mountain.
        assert_eq!(
            window_in_every_zone(federal, Chicago, &[Denver]),
            Some(CallingWindow { start: hm(9, 0), end: hm(21, 0) })
        );
        assert_eq!(
            window_in_every_zone(federal, Denver, &[Chicago]),
            Some(CallingWindow { start: hm(8, 0), end: hm(20, 0) })
        );
        // Denver or Phoenix: an hour apart in summer only, so the window is cut on both sides.
        assert_eq!(
            window_in_every_zone(federal, Denver, &[Phoenix]),
            Some(CallingWindow { start: hm(9, 0), end: hm(21, 0) })
        );
        assert_eq!(
            window_in_every_zone(federal, Phoenix, &[Denver]),
            Some(CallingWindow { start: hm(8, 0), end: hm(20, 0) })
        );
        // Nothing to narrow when the zone is the only one, or the others keep its clock.
        assert_eq!(window_in_every_zone(federal, New_York, &[]), Some(federal));
        assert_eq!(window_in_every_zone(federal, New_York, &[chrono_tz::America::Detroit]), Some(federal));
        // A request too narrow to hold in both is no window at all.
        let evening = CallingWindow { start: hm(20, 0), end: hm(20, 30) };
        assert_eq!(window_in_every_zone(evening, Chicago, &[Denver]), None);
    }

    #[test]
    fn a_patient_whose_zip_straddles_zones_keeps_to_the_common_hours_until_the_zone_is_confirmed() {
        use chrono_tz::America::Chicago;
        let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let mut patient = crate::Patient {
            id: crate::EntityId::nil(),
            name: crate::PersonName { given: "Ada".into(), middle: None, family: "Ruiz".into(), second_family: None },
            date_of_birth: NaiveDate::from_ymd_opt(1950, 1, 2).unwrap(),
            preferred_language: crate::Language::Spanish,
            time_zone: Some("America/Chicago".into()),
            time_zone_confirmed: false,
            phones: Vec::new(),
            consents: crate::ContactConsents { calls: true, texts: false, voicemail_detail: false },
            external_id: None,
            // A ZIP of prefix 690 the table does not know: Central or Mountain.
            zip: Some("69099".into()),
            program: None,
            assigned_to: None,
            preferred_call_window: None,
            status: crate::PatientStatus::Active,
        };
        let federal = CallingWindow::federal_limit();
        assert_eq!(patient_window(federal, &patient, Chicago), Some(CallingWindow { start: hm(9, 0), end: hm(21, 0) }));
        // 8:30 Central is 7:30 Mountain: not yet callable.
        let early = Chicago.with_ymd_and_hms(2026, 12, 3, 8, 30, 0).unwrap().with_timezone(&Utc);
        assert!(!patient_window(federal, &patient, Chicago).unwrap().contains(early.with_timezone(&Chicago).time()));
        patient.time_zone_confirmed = true;
        assert_eq!(patient_window(federal, &patient, Chicago), Some(federal));
        // A ZIP the table knows is one zone: nothing to narrow.
        patient.time_zone_confirmed = false;
        patient.zip = Some("69001".into());
        assert_eq!(patient_window(federal, &patient, Chicago), Some(federal));
    }
}
