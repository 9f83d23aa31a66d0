//! ZIP code → time zone suggestion. The zone of a US address is suggested
//! from its three-digit ZIP prefix, and where a prefix straddles zones (western
//! Nebraska, the Dakotas, eastern Tennessee, Kentucky, Michigan's Menominee
//! area, northern Idaho, Indiana…) from its five digits (`five_digit`, a
//! published ZIP database, its name and date there). A ZIP of such a prefix
//! that the table does not know could be in any of the prefix's zones. The
//! result is a suggestion a person confirms, never a fact.

mod five_digit;

use chrono::{TimeZone, Utc};
use chrono_tz::{America, Pacific, Tz};

use five_digit::{FIVE_DIGIT_ZONES, STRADDLING_PREFIXES, ZONES};

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
    zones_for_zip(zip).map(|zones| zones.suggested)
}

/// What a ZIP code says about the zone of its address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipZones {
    /// The zone to suggest.
    pub suggested: Tz,
    /// Every zone, by its clock, the address could be in: the suggested one
    /// alone, unless the ZIP is one the table does not know in a prefix whose
    /// ZIPs lie in several.
    pub possible: Vec<Tz>,
}

/// The zones of `zip`, or `None` when it is malformed or its prefix is unassigned.
pub fn zones_for_zip(zip: &str) -> Option<ZipZones> {
    if !is_valid_zip(zip) {
        return None;
    }
    let five: u32 = zip.get(..5)?.parse().ok()?;
    let prefix = u16::try_from(five / 100).ok()?;
    let prefix_zone =
        PREFIX_ZONES.iter().find(|(first, last, _)| (*first..=*last).contains(&prefix)).map(|(_, _, zone)| *zone)?;
    if let Ok(found) = FIVE_DIGIT_ZONES.binary_search_by_key(&five, |(code, _)| *code) {
        let zone = ZONES[usize::from(FIVE_DIGIT_ZONES[found].1)];
        return Some(ZipZones { suggested: zone, possible: vec![zone] });
    }
    let mut possible = vec![prefix_zone];
    if STRADDLING_PREFIXES.contains(&prefix) {
        let neighbours = FIVE_DIGIT_ZONES.iter().filter(|(code, _)| code / 100 == u32::from(prefix));
        for zone in neighbours.map(|(_, index)| ZONES[usize::from(*index)]) {
            if !possible.iter().any(|seen| same_clock(*seen, zone)) {
                possible.push(zone);
            }
        }
    }
    Some(ZipZones { suggested: prefix_zone, possible })
}

/// Whether two zones keep the same clock: the same UTC offset in January and
/// in July (America/Detroit and America/New_York do; Phoenix and Denver do not).
pub fn same_clock(a: Tz, b: Tz) -> bool {
    offsets(a) == offsets(b)
}

/// A zone's UTC offsets, in seconds, in mid-January and mid-July.
pub(crate) fn offsets(zone: Tz) -> [i32; 2] {
    use chrono::Offset;
    [1, 7].map(|month| {
        let instant = Utc.with_ymd_and_hms(2026, month, 15, 12, 0, 0).single().unwrap_or_default();
        zone.offset_from_utc_datetime(&instant.naive_utc()).fix().local_minus_utc()
    })
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
    fn a_prefix_that_straddles_zones_is_read_to_five_digits() {
        for (zip, zone) in [
            // Prefix 690 (southwestern Nebraska) is split between Central and Mountain time.
            ("69001", America::Chicago),
            ("69021", America::Denver),
            // Menominee, Michigan, keeps Central time in a prefix of Eastern ones.
            ("49858", America::Menominee),
            // Northern Idaho keeps Pacific time.
            ("83814", America::Los_Angeles),
            // The Navajo Nation keeps daylight saving in Arizona.
            ("86515", America::Denver),
            // American Samoa shares prefix 967 with Hawaii, eleven hours behind UTC to Hawaii's ten.
            ("96799", Pacific::Pago_Pago),
        ] {
            let zones = zones_for_zip(zip).unwrap();
            assert!(same_clock(zones.suggested, zone), "{zip}: {:?}", zones.suggested);
            assert_eq!(zones.possible.len(), 1, "{zip} is known");
        }
        // Unlisted ZIPs of a straddling prefix could be in any of its zones.
        let unknown = zones_for_zip("69099").unwrap();
        assert!(unknown.possible.iter().any(|zone| same_clock(*zone, America::Denver)));
        assert!(unknown.possible.iter().any(|zone| same_clock(*zone, America::Chicago)));
        // Elsewhere one zone is all there is.
        assert_eq!(zones_for_zip("10001").unwrap().possible, [America::New_York]);
    }

    #[test]
    fn the_table_is_sorted_and_names_only_straddling_prefixes() {
        assert!(FIVE_DIGIT_ZONES.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert!(
            FIVE_DIGIT_ZONES.iter().all(|(code, _)| {
                u16::try_from(code / 100).is_ok_and(|prefix| STRADDLING_PREFIXES.contains(&prefix))
            })
        );
        assert!(same_clock(America::Detroit, America::New_York));
        assert!(!same_clock(America::Phoenix, America::Denver));
    }

    #[test]
    fn malformed_or_unassigned_zips_suggest_nothing() {
        for zip in ["8500", "abcde", "00000", "85004-12", "85004 1234", ""] {
            assert_eq!(zone_for_zip(zip), None, "{zip}");
        }
    }
}
