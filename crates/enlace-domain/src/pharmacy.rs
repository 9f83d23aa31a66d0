//! The pharmacy's own settings: who it is, where it is, when it may call.

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::{CallRules, EntityId, RefillProgram};

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
}

pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 15;

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

fn hm(hour: u32, minute: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

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
