//! The pharmacy's own settings: who it is, where it is, when it may call.

use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

use crate::{EntityId, RefillProgram};

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
        Self {
            start: hm(8, 0),
            end: hm(21, 0),
        }
    }

    /// A pharmacy may narrow the federal window but never widen it.
    pub fn is_within_federal_limit(&self) -> bool {
        let federal = Self::federal_limit();
        self.start < self.end && self.start >= federal.start && self.end <= federal.end
    }

    pub fn contains(&self, local: NaiveTime) -> bool {
        self.start <= local && local < self.end
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
    fn a_pharmacy_may_narrow_but_not_widen_the_federal_window() {
        assert!(
            CallingWindow {
                start: hm(9, 0),
                end: hm(19, 0)
            }
            .is_within_federal_limit()
        );
        assert!(
            !CallingWindow {
                start: hm(7, 30),
                end: hm(19, 0)
            }
            .is_within_federal_limit()
        );
        assert!(
            !CallingWindow {
                start: hm(9, 0),
                end: hm(21, 30)
            }
            .is_within_federal_limit()
        );
        assert!(
            !CallingWindow {
                start: hm(19, 0),
                end: hm(9, 0)
            }
            .is_within_federal_limit()
        );
    }
}
