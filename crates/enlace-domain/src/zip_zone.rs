//! ZIP code → time zone suggestion. The zone of a US address is suggested
//! from its three-digit ZIP prefix; a few states straddle zones, so the table
//! picks the zone of most of each prefix and the result is a suggestion the
//! coordinator can override, never a fact.

use chrono_tz::{America, Pacific, Tz};

/// Inclusive three-digit prefix ranges and their zones.
const PREFIX_ZONES: &[(u16, u16, Tz)] = &[
    (6, 7, America::Puerto_Rico),
    (8, 8, America::St_Thomas),
    (9, 9, America::Puerto_Rico),
    (10, 323, America::New_York),
    (324, 325, America::Chicago),
    (326, 349, America::New_York),
    (350, 372, America::Chicago),
    (373, 374, America::New_York),
    (375, 375, America::Chicago),
    (376, 379, America::New_York),
    (380, 397, America::Chicago),
    (398, 418, America::New_York),
    (420, 427, America::Chicago),
    (430, 459, America::New_York),
    (460, 462, America::Indiana::Indianapolis),
    (463, 464, America::Chicago),
    (465, 475, America::Indiana::Indianapolis),
    (476, 477, America::Chicago),
    (478, 479, America::Indiana::Indianapolis),
    (480, 499, America::Detroit),
    (500, 576, America::Chicago),
    (577, 577, America::Denver),
    (580, 588, America::Chicago),
    (590, 599, America::Denver),
    (600, 689, America::Chicago),
    (690, 693, America::Denver),
    (700, 797, America::Chicago),
    (798, 831, America::Denver),
    (832, 837, America::Boise),
    (838, 838, America::Los_Angeles),
    (840, 847, America::Denver),
    (850, 865, America::Phoenix),
    (870, 884, America::Denver),
    (889, 961, America::Los_Angeles),
    (967, 968, Pacific::Honolulu),
    (969, 969, Pacific::Guam),
    (970, 994, America::Los_Angeles),
    (995, 999, America::Anchorage),
];

/// Five digits, ZIP+4 with a hyphen, or nine digits.
pub fn is_valid_zip(zip: &str) -> bool {
    let digits = |text: &str| text.bytes().all(|byte| byte.is_ascii_digit());
    match zip.len() {
        5 | 9 => digits(zip),
        10 => zip.as_bytes()[5] == b'-' && digits(&zip[..5]) && digits(&zip[6..]),
        _ => false,
    }
}

/// The suggested zone for `zip`, or `None` when it is malformed or its prefix is unassigned.
pub fn zone_for_zip(zip: &str) -> Option<Tz> {
    if !is_valid_zip(zip) {
        return None;
    }
    let prefix: u16 = zip.get(..3)?.parse().ok()?;
    PREFIX_ZONES.iter().find(|(first, last, _)| (*first..=*last).contains(&prefix)).map(|(_, _, zone)| *zone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_map_to_their_zones() {
        for (zip, zone) in [
            ("10001", America::New_York),
            ("00901", America::Puerto_Rico),
            ("85004", America::Phoenix),
            ("96813", Pacific::Honolulu),
            ("99501", America::Anchorage),
            ("94103", America::Los_Angeles),
            ("60601", America::Chicago),
            ("80202", America::Denver),
            ("85004-1234", America::Phoenix),
            ("850041234", America::Phoenix),
        ] {
            assert_eq!(zone_for_zip(zip), Some(zone), "{zip}");
        }
    }

    #[test]
    fn malformed_or_unassigned_zips_suggest_nothing() {
        for zip in ["8500", "abcde", "00000", "85004-12", "85004 1234", ""] {
            assert_eq!(zone_for_zip(zip), None, "{zip}");
        }
    }
}
