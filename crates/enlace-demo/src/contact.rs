//! Where synthetic patients live and how to reach them: US time zones, phone
//! numbers with matching area codes, and contact consents.
//!
//! Every number is in the 555-0100…555-0199 block that the North American
//! Numbering Plan reserves for fictional use, so no real line is ever dialed.

use std::collections::BTreeSet;

use chrono_tz::{America, Pacific, Tz};
use enlace_domain::{ContactConsents, Language, Phone, PhoneKind};
use rand::Rng;

use crate::{pick, weighted};

/// A US time zone, how often patients of each language live there, and the
/// area codes of that region.
struct Region {
    zone: Tz,
    spanish_weight: u32,
    english_weight: u32,
    area_codes: &'static [u16],
}

const REGIONS: &[Region] = &[
    Region {
        zone: America::New_York,
        spanish_weight: 30,
        english_weight: 34,
        // Miami, New York City, Orlando, Fort Lauderdale, Boston, Philadelphia, Atlanta.
        area_codes: &[305, 786, 212, 718, 407, 954, 617, 215, 404],
    },
    Region {
        zone: America::Chicago,
        spanish_weight: 16,
        english_weight: 20,
        // Chicago, Houston, San Antonio, Dallas, Minneapolis.
        area_codes: &[312, 773, 713, 210, 214, 612],
    },
    Region { zone: America::Puerto_Rico, spanish_weight: 26, english_weight: 4, area_codes: &[787, 939] },
    Region {
        zone: America::Denver,
        spanish_weight: 4,
        english_weight: 8,
        // Denver, Albuquerque.
        area_codes: &[303, 720, 505],
    },
    Region {
        // Arizona keeps standard time all year.
        zone: America::Phoenix,
        spanish_weight: 6,
        english_weight: 7,
        area_codes: &[602, 520, 480],
    },
    Region {
        zone: America::Los_Angeles,
        spanish_weight: 12,
        english_weight: 18,
        // Los Angeles, San Francisco, San Diego, Seattle.
        area_codes: &[213, 323, 415, 619, 206],
    },
    Region { zone: America::Anchorage, spanish_weight: 1, english_weight: 3, area_codes: &[907] },
    Region { zone: Pacific::Honolulu, spanish_weight: 1, english_weight: 4, area_codes: &[808] },
];

/// The demo pharmacy's zone, which also applies to patients without one.
pub(crate) const PHARMACY_ZONE: Tz = America::New_York;
/// The demo pharmacy's callback number (fictional, Miami).
pub(crate) const PHARMACY_PHONE: &str = "+13055550100";
/// Area codes for patients who have no zone on file: local to the pharmacy.
const LOCAL_AREA_CODES: &[u16] = &[305, 786, 954];

/// Share of patients with no zone on file, in percent.
const NO_ZONE_PERCENT: u32 = 10;

/// A patient's zone (`None`: the pharmacy's applies) and the area codes to number them from.
pub(crate) fn home_region(rng: &mut impl Rng, language: Language) -> (Option<Tz>, &'static [u16]) {
    if rng.random_range(0..100) < NO_ZONE_PERCENT {
        return (None, LOCAL_AREA_CODES);
    }
    let choices: Vec<(&Region, u32)> = REGIONS
        .iter()
        .map(|region| {
            let weight = match language {
                Language::Spanish => region.spanish_weight,
                Language::English => region.english_weight,
            };
            (region, weight)
        })
        .collect();
    let region = *weighted(rng, &choices);
    (Some(region.zone), region.area_codes)
}

/// Hands out fictional numbers, each at most once while any are left.
#[derive(Debug, Default)]
pub(crate) struct PhoneBook {
    issued: BTreeSet<String>,
}

impl PhoneBook {
    /// One or two numbers in `area_codes`, of different kinds, mobile first when there is one.
    pub(crate) fn phones_for(&mut self, rng: &mut impl Rng, area_codes: &[u16]) -> Vec<Phone> {
        let first_kind = if rng.random_range(0..100) < 70 { PhoneKind::Mobile } else { PhoneKind::Home };
        let mut phones = vec![Phone { kind: first_kind, e164: self.number(rng, area_codes) }];
        if rng.random_range(0..100) < 40 {
            let second_kind = match first_kind {
                PhoneKind::Mobile => *pick(rng, &[PhoneKind::Home, PhoneKind::Work]),
                PhoneKind::Home | PhoneKind::Work => PhoneKind::Mobile,
            };
            phones.push(Phone { kind: second_kind, e164: self.number(rng, area_codes) });
        }
        phones
    }

    /// "+1AAA55501NN", not yet issued if one can be found in a few tries
    /// (the block holds only 99 numbers per area code besides the pharmacy's).
    fn number(&mut self, rng: &mut impl Rng, area_codes: &[u16]) -> String {
        let mut candidate = String::new();
        for _ in 0..32 {
            candidate = fictional_number(*pick(rng, area_codes), rng.random_range(1..=99));
            if !self.issued.contains(&candidate) {
                break;
            }
        }
        self.issued.insert(candidate.clone());
        candidate
    }
}

/// The E.164 form of (AAA) 555-01NN.
fn fictional_number(area_code: u16, line: u8) -> String {
    format!("+1{area_code}55501{line:02}")
}

/// Nearly everyone allows calls (a few asked for none); texts and detailed
/// voicemails vary.
pub(crate) fn consents(rng: &mut impl Rng) -> ContactConsents {
    ContactConsents {
        calls: rng.random_range(0..100) >= 5,
        texts: rng.random_range(0..100) < 60,
        voicemail_detail: rng.random_range(0..100) < 35,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use enlace_domain::{parse_zone, to_e164};
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn every_number_any_region_can_produce_is_valid_e164() {
        let codes = REGIONS.iter().flat_map(|region| region.area_codes).chain(LOCAL_AREA_CODES);
        for &code in codes {
            for line in 0..=99 {
                let number = fictional_number(code, line);
                assert_eq!(to_e164(&number).as_deref(), Ok(number.as_str()));
            }
        }
        assert_eq!(to_e164(PHARMACY_PHONE).as_deref(), Ok(PHARMACY_PHONE));
    }

    #[test]
    fn every_zone_is_an_iana_name() {
        for region in REGIONS {
            assert_eq!(parse_zone(region.zone.name()), Ok(region.zone));
        }
        assert!(parse_zone(PHARMACY_ZONE.name()).is_ok());
    }

    #[test]
    fn numbers_are_not_reissued_while_the_block_has_room() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut book = PhoneBook::default();
        let mut seen = BTreeSet::new();
        for _ in 0..30 {
            for phone in book.phones_for(&mut rng, &[808]) {
                assert!(seen.insert(phone.e164));
            }
        }
    }
}
