//! The pharmacy's own settings: who it is, where it is, when it may call.

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::enrollment::Address;
use crate::{CallRules, EntityId, RefillProgram};

/// Programs a pharmacy may offer, at most.
pub const MAX_PROGRAMS: usize = 20;
/// Characters of a program's name, at most.
pub const MAX_PROGRAM_NAME: usize = 40;

/// Settings that apply to the whole pharmacy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PharmacySettings {
    pub id: EntityId,
    pub name: String,
    /// The callback number read out in scripts and voicemails, E.164.
    pub phone: String,
    /// IANA zone of the pharmacy, used for patients who have none.
    pub time_zone: String,
    pub calling_window: CallingWindow,
    pub refill_program: RefillProgram,
    pub call_rules: CallRules,
    /// Minutes without keyboard or mouse activity after which the window
    /// locks (HIPAA's automatic logoff); [`DEFAULT_IDLE_LOCK_MINUTES`] unless set.
    pub idle_lock_minutes: u32,
    /// Hours an open follow-up task may be past due before it reaches the
    /// supervisor's desk; [`DEFAULT_TASK_ESCALATION_HOURS`] unless set.
    pub task_escalation_hours: u32,
    /// Where the pharmacy is (all empty until someone types it).
    pub address: Address,
    /// The programs patients enroll in ("Med Sync", "Specialty"…), offered at
    /// enrollment and as a filter of the call list.
    pub programs: Vec<String>,
}

pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 15;
pub const DEFAULT_TASK_ESCALATION_HOURS: u32 = 24;

impl PharmacySettings {
    /// A new pharmacy as its first supervisor describes it: who and where it
    /// is, and the defaults for everything else (the federal calling hours,
    /// a week's reminder lead, four hours between attempts…), each of which
    /// the setup screen shows and Settings changes later.
    pub fn with_defaults(id: EntityId, name: &str, phone: &str, time_zone: &str) -> Self {
        Self {
            id,
            name: name.to_owned(),
            phone: phone.to_owned(),
            time_zone: time_zone.to_owned(),
            calling_window: CallingWindow::federal_limit(),
            refill_program: RefillProgram::default(),
            call_rules: CallRules::default(),
            idle_lock_minutes: DEFAULT_IDLE_LOCK_MINUTES,
            task_escalation_hours: DEFAULT_TASK_ESCALATION_HOURS,
            address: Address::default(),
            programs: Vec::new(),
        }
    }

    /// The settings as they are kept: the name without surrounding blanks and
    /// the phone in E.164 however it was typed ("(305) 555-0100"). A phone
    /// that does not parse stays as typed, for [`check_settings`] to name.
    #[must_use]
    pub fn normalized(mut self) -> Self {
        self.name = self.name.trim().to_owned();
        self.time_zone = self.time_zone.trim().to_owned();
        if let Ok(e164) = crate::to_e164(&self.phone) {
            self.phone = e164;
        }
        for part in [&mut self.address.line1, &mut self.address.line2, &mut self.address.city, &mut self.address.zip] {
            *part = part.trim().to_owned();
        }
        self.address.state = self.address.state.trim().to_uppercase();
        // A blank line in the list is no program.
        self.programs =
            self.programs.iter().map(|name| name.trim().to_owned()).filter(|name| !name.is_empty()).collect();
        self
    }
}

/// Local times of day between which patients may be called: start inclusive, end exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct CallingWindow {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl CallingWindow {
    /// 8:00–21:00 local time, the outer limit of 47 CFR 64.1200(c)(1).
    pub fn federal_limit() -> Self {
        Self { start: hm(8, 0), end: hm(21, 0) }
    }

    /// Whether the window starts before it ends, within the federal limit:
    /// the rule for the pharmacy's hours and for a patient's request alike.
    pub fn is_lawful(&self) -> bool {
        self.start < self.end && self.within_federal_limit() == *self
    }

    pub fn contains(&self, local: NaiveTime) -> bool {
        self.start <= local && local < self.end
    }

    /// This window cut to the federal limit: a setting (or a synced change)
    /// that is wider than 8:00–21:00 can never make a call legal.
    pub fn within_federal_limit(&self) -> Self {
        let federal = Self::federal_limit();
        Self { start: self.start.max(federal.start), end: self.end.min(federal.end) }
    }

    /// Whether the window, cut to the federal limit, is open at `instant` on
    /// the wall clock of `zone` (the patient's): daylight-saving changes are
    /// chrono-tz's business.
    pub fn is_open_at(&self, instant: DateTime<Utc>, zone: Tz) -> bool {
        self.within_federal_limit().contains(instant.with_timezone(&zone).time())
    }
}

impl std::str::FromStr for CallingWindow {
    type Err = CallingWindowSyntax;

    /// "08:00-21:00" (or with an en dash), as the command line takes it.
    /// Only the shape is checked here; [`check_settings`] holds the range.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (start, end) = text.split_once(['-', '–']).ok_or(CallingWindowSyntax)?;
        let time = |part: &str| NaiveTime::parse_from_str(part.trim(), "%H:%M").map_err(|_| CallingWindowSyntax);
        Ok(Self { start: time(start)?, end: time(end)? })
    }
}

/// Calling hours not written as "HH:MM-HH:MM".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("calling hours are written HH:MM-HH:MM")]
pub struct CallingWindowSyntax;

fn hm(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calling_hours_are_read_as_two_clock_times() {
        assert_eq!("08:00-21:00".parse(), Ok(CallingWindow::federal_limit()));
        assert_eq!(" 9:30 – 17:00 ".parse(), Ok(CallingWindow { start: hm(9, 30), end: hm(17, 0) }));
        for bad in ["8-21", "08:00", "08:00-25:00", "", "noon-night"] {
            assert_eq!(bad.parse::<CallingWindow>(), Err(CallingWindowSyntax), "{bad}");
        }
    }

    #[test]
    fn the_window_includes_its_start_and_excludes_its_end() {
        let window = CallingWindow::federal_limit();
        assert!(window.contains(hm(8, 0)));
        assert!(window.contains(hm(20, 59)));
        assert!(!window.contains(hm(21, 0)));
        assert!(!window.contains(hm(7, 59)));
    }

    #[test]
    fn the_window_follows_each_zones_own_clock_across_daylight_saving() {
        use chrono::TimeZone;
        let window = CallingWindow::federal_limit();
        // 2026-03-08: New York springs forward at 2:00; Phoenix never does.
        // 12:30 UTC is 8:30 EDT (open) but 7:30 the day before the change (EST, closed).
        let after_change = Utc.with_ymd_and_hms(2026, 3, 8, 12, 30, 0).unwrap();
        let day_before = Utc.with_ymd_and_hms(2026, 3, 7, 12, 30, 0).unwrap();
        assert!(window.is_open_at(after_change, chrono_tz::America::New_York));
        assert!(!window.is_open_at(day_before, chrono_tz::America::New_York));
        // Phoenix stays UTC-7: 5:30 both days.
        assert!(!window.is_open_at(after_change, chrono_tz::America::Phoenix));
        // 01:30 UTC is 21:30 in Puerto Rico (closed) and 15:30 in Honolulu (open).
        let evening = Utc.with_ymd_and_hms(2026, 11, 23, 1, 30, 0).unwrap();
        assert!(!window.is_open_at(evening, chrono_tz::America::Puerto_Rico));
        assert!(window.is_open_at(evening, chrono_tz::Pacific::Honolulu));
    }

    #[test]
    fn a_window_wider_than_the_federal_limit_is_cut_to_it() {
        use chrono::TimeZone;
        let too_wide = CallingWindow { start: hm(6, 0), end: hm(23, 0) };
        assert_eq!(too_wide.within_federal_limit(), CallingWindow::federal_limit());
        // 12:30 UTC is 7:30 in New York in November: inside the setting, outside the law.
        let early = Utc.with_ymd_and_hms(2026, 11, 23, 12, 30, 0).unwrap();
        assert!(!too_wide.is_open_at(early, chrono_tz::America::New_York));
        let narrow = CallingWindow { start: hm(9, 0), end: hm(17, 0) };
        assert_eq!(narrow.within_federal_limit(), narrow);
    }
}

/// A pharmacy setting outside what Enlace (or the law) allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "kebab-case")]
pub enum SettingsProblem {
    NameMissing,
    PhoneInvalid,
    TimeZoneUnknown,
    /// The calling window must lie within 8:00–21:00 and start before it ends.
    CallingWindow,
    ReminderLeadDays,
    TooSoonPercent,
    RetryAfterHours,
    MaxAttempts,
    /// Daily limit 1–3, weekly limit at least the daily one and at most 14.
    CallLimits,
    IdleLockMinutes,
    TaskEscalationHours,
    /// The address's ZIP is not five digits (or ZIP+4).
    AddressZip,
    /// The address's state is not two letters.
    AddressState,
    /// A program's name is too long, given twice, or there are too many.
    Programs,
}

/// Every problem with `settings` (empty when they may be saved). The ranges
/// keep a pharmacy inside the federal calling hours, inside what insurers
/// accept for early refills, and locking within an hour of idleness.
pub fn check_settings(settings: &PharmacySettings) -> Vec<SettingsProblem> {
    use SettingsProblem as P;
    let mut problems = Vec::new();
    let window = settings.calling_window;
    let rules = settings.call_rules;
    let checks = [
        (settings.name.trim().is_empty(), P::NameMissing),
        (crate::to_e164(&settings.phone).map_or(true, |e164| e164 != settings.phone), P::PhoneInvalid),
        (crate::parse_zone(&settings.time_zone).is_err(), P::TimeZoneUnknown),
        (!window.is_lawful(), P::CallingWindow),
        (settings.refill_program.reminder_lead_days > 30, P::ReminderLeadDays),
        (!(50..=100).contains(&settings.refill_program.too_soon_percent), P::TooSoonPercent),
        (!(1..=72).contains(&rules.retry_after_hours), P::RetryAfterHours),
        (!(1..=10).contains(&rules.max_attempts), P::MaxAttempts),
        (
            !(1..=3).contains(&rules.daily_call_limit)
                || rules.weekly_call_limit < rules.daily_call_limit
                || rules.weekly_call_limit > 14,
            P::CallLimits,
        ),
        (!(1..=60).contains(&settings.idle_lock_minutes), P::IdleLockMinutes),
        (!(1..=168).contains(&settings.task_escalation_hours), P::TaskEscalationHours),
        (crate::field_rules::optional(&settings.address.zip, crate::field_rules::zip).is_err(), P::AddressZip),
        (!is_state_or_empty(&settings.address.state), P::AddressState),
        (!programs_are_valid(&settings.programs), P::Programs),
    ];
    for (failed, problem) in checks {
        if failed {
            problems.push(problem);
        }
    }
    problems
}

fn is_state_or_empty(state: &str) -> bool {
    state.is_empty() || crate::field_rules::state(state).is_ok_and(|code| code == state)
}

/// Named, short, each once (whatever the case), and not too many to choose from.
pub fn programs_are_valid(programs: &[String]) -> bool {
    let mut seen = std::collections::HashSet::new();
    programs.len() <= MAX_PROGRAMS
        && programs.iter().all(|name| {
            !name.trim().is_empty()
                && name.chars().count() <= MAX_PROGRAM_NAME
                && seen.insert(crate::fold_for_search(name))
        })
}

#[cfg(test)]
mod settings_tests {
    use super::*;

    fn valid() -> PharmacySettings {
        PharmacySettings {
            id: EntityId::nil(),
            name: "Farmacia".into(),
            phone: "+13055550100".into(),
            time_zone: "America/New_York".into(),
            calling_window: CallingWindow::federal_limit(),
            refill_program: RefillProgram::default(),
            call_rules: CallRules::default(),
            idle_lock_minutes: DEFAULT_IDLE_LOCK_MINUTES,
            task_escalation_hours: DEFAULT_TASK_ESCALATION_HOURS,
            address: Address::default(),
            programs: Vec::new(),
        }
    }

    #[test]
    fn the_defaults_may_be_saved() {
        assert_eq!(check_settings(&valid()), []);
        let new = PharmacySettings::with_defaults(EntityId::nil(), "Farmacia", "+13055550100", "America/New_York");
        assert_eq!(new, valid());
    }

    #[test]
    fn a_typed_phone_is_kept_in_e164_and_a_bad_one_is_named() {
        let typed = PharmacySettings { name: "  Farmacia ".into(), phone: "(305) 555-0100".into(), ..valid() };
        assert_eq!(typed.normalized(), valid());
        let bad = PharmacySettings { phone: "call us".into(), ..valid() }.normalized();
        assert_eq!(check_settings(&bad), [SettingsProblem::PhoneInvalid]);
    }

    #[test]
    fn a_window_may_narrow_but_never_widen_the_federal_hours() {
        let at = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let with_window = |start, end| PharmacySettings { calling_window: CallingWindow { start, end }, ..valid() };
        assert_eq!(check_settings(&with_window(at(9, 0), at(19, 30))), []);
        for (start, end) in
            [(at(7, 59), at(20, 0)), (at(9, 0), at(21, 1)), (at(12, 0), at(12, 0)), (at(18, 0), at(9, 0))]
        {
            assert_eq!(check_settings(&with_window(start, end)), [SettingsProblem::CallingWindow], "{start}–{end}");
        }
    }

    #[test]
    fn out_of_range_values_are_each_named() {
        let bad = PharmacySettings {
            name: " ".into(),
            phone: "555".into(),
            time_zone: "Mars/Olympus".into(),
            refill_program: RefillProgram { reminder_lead_days: 31, too_soon_percent: 40 },
            call_rules: CallRules { retry_after_hours: 0, max_attempts: 11, daily_call_limit: 2, weekly_call_limit: 1 },
            idle_lock_minutes: 0,
            task_escalation_hours: 0,
            ..valid()
        };
        use SettingsProblem as P;
        assert_eq!(
            check_settings(&bad),
            [
                P::NameMissing,
                P::PhoneInvalid,
                P::TimeZoneUnknown,
                P::ReminderLeadDays,
                P::TooSoonPercent,
                P::RetryAfterHours,
                P::MaxAttempts,
                P::CallLimits,
                P::IdleLockMinutes,
                P::TaskEscalationHours,
            ]
        );
        assert_eq!(check_settings(&PharmacySettings { idle_lock_minutes: 61, ..valid() }), [P::IdleLockMinutes]);
    }

    #[test]
    fn an_address_and_programs_are_kept_tidy_and_checked() {
        use SettingsProblem as P;
        let typed = PharmacySettings {
            address: Address {
                line1: " 400 W Van Buren St ".into(),
                line2: String::new(),
                city: "Phoenix ".into(),
                state: "az".into(),
                zip: "85004".into(),
            },
            programs: vec![" Med Sync ".into(), "".into(), "Especialidad".into()],
            ..valid()
        }
        .normalized();
        assert_eq!((typed.address.line1.as_str(), typed.address.state.as_str()), ("400 W Van Buren St", "AZ"));
        assert_eq!(typed.programs, ["Med Sync", "Especialidad"], "a blank line is no program");
        assert!(check_settings(&typed).is_empty());
        let zip =
            PharmacySettings { address: Address { zip: "8500".into(), ..typed.address.clone() }, ..typed.clone() };
        assert_eq!(check_settings(&zip), [P::AddressZip]);
        let state =
            PharmacySettings { address: Address { state: "ARIZONA".into(), ..typed.address.clone() }, ..typed.clone() };
        assert_eq!(check_settings(&state), [P::AddressState]);
        let twice = PharmacySettings { programs: vec!["Med Sync".into(), "med sync".into()], ..typed.clone() };
        assert_eq!(check_settings(&twice), [P::Programs]);
        let long = PharmacySettings { programs: vec!["x".repeat(MAX_PROGRAM_NAME + 1)], ..typed.clone() };
        assert_eq!(check_settings(&long), [P::Programs]);
        let many = PharmacySettings { programs: (0..=MAX_PROGRAMS).map(|i| format!("P{i}")).collect(), ..typed };
        assert_eq!(check_settings(&many), [P::Programs]);
    }
}
