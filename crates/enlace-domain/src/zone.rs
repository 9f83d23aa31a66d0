//! Time zones: turning an instant into a patient's local date and time.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

/// A zone name that is not in the IANA database.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown time zone")]
pub struct ZoneError;

/// Parses an IANA zone name ("America/Puerto_Rico").
pub fn parse_zone(name: &str) -> Result<Tz, ZoneError> {
    name.parse::<Tz>().map_err(|_| ZoneError)
}

/// The calendar date at `instant` in `zone`: what "today" is for that patient.
pub fn local_date(instant: DateTime<Utc>, zone: Tz) -> NaiveDate {
    instant.with_timezone(&zone).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_same_instant_is_a_different_date_in_hawaii_and_puerto_rico() {
        // 05:30 UTC is 19:30 on the 21st in Honolulu (UTC-10), 22:30 on the 21st in Phoenix (UTC-7), 01:30 on the 22nd in San Juan (UTC-4).
        let instant = Utc.with_ymd_and_hms(2026, 11, 22, 5, 30, 0).unwrap();
        assert_eq!(
            local_date(instant, parse_zone("Pacific/Honolulu").unwrap()),
            NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
        );
        assert_eq!(
            local_date(instant, parse_zone("America/Puerto_Rico").unwrap()),
            NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
        );
        assert_eq!(
            local_date(instant, parse_zone("America/Phoenix").unwrap()),
            NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
        );
    }

    #[test]
    fn unknown_zones_are_refused() {
        assert_eq!(parse_zone("Mars/Olympus_Mons"), Err(ZoneError));
        assert!(parse_zone("America/New_York").is_ok());
    }
}
