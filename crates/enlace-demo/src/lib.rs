//! The demo pharmacy: a deterministic, entirely synthetic data set for
//! demonstrations, screenshots, development and tests.
//!
//! Nothing here is about real people or real health data. Names are drawn
//! at random from pools of common given names and surnames, phone numbers
//! come from the 555-0100…555-0199 block reserved for fiction, prescribers
//! are invented and their NPIs are random (well-formed, but not looked up),
//! and prescriptions and call notes are generic.
//!
//! [`generate`] reads no clock and no ambient randomness: the same `today`,
//! patient count and seed always produce byte-identical output, ids
//! included. Dates are laid out relative to `today` so that the demo always
//! looks current: about a third of patients are due for a refill reminder,
//! some overdue, and many have a little contact history from the last 30 days.

mod contact;
mod history;
mod names;
mod prescriptions;

use chrono::{DateTime, Months, NaiveDate, NaiveTime, TimeZone, Utc};
use enlace_domain::{
    CallRules, CallingWindow, EntityId, Interaction, Language, Patient, PharmacySettings, Prescription, RefillProgram,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The whole demo data set: the pharmacy and everything it knows.
#[derive(Debug, Clone, PartialEq)]
pub struct DemoPharmacy {
    pub pharmacy: PharmacySettings,
    pub patients: Vec<Patient>,
    /// Grouped by patient, in patient order.
    pub prescriptions: Vec<Prescription>,
    /// Grouped by patient, in patient order, oldest first within a patient.
    pub interactions: Vec<Interaction>,
    /// The fills before each prescription's last one over the past half
    /// year, oldest first: (prescription id, fill date). What adherence is
    /// measured on.
    pub past_fills: Vec<(EntityId, NaiveDate)>,
}

/// "Today" for the demo pharmacy at `now`: its own local date, which is what
/// [`generate`] lays the data out around.
pub fn demo_today(now: DateTime<Utc>) -> NaiveDate {
    now.with_timezone(&contact::PHARMACY_ZONE).date_naive()
}

/// The demo pharmacy's name, which no real pharmacy's store holds.
pub const DEMO_PHARMACY_NAME: &str = "Farmacia Enlace Community Pharmacy";

/// Whether `pharmacy` is the synthetic demo's (its name and its fictional
/// callback number), so that the demo is never seeded beside a real one.
pub fn is_demo_pharmacy(pharmacy: &PharmacySettings) -> bool {
    pharmacy.name == DEMO_PHARMACY_NAME && pharmacy.phone == contact::PHARMACY_PHONE
}

/// How many patients the standard demo has.
pub const DEMO_PATIENT_COUNT: usize = 300;

/// The seed of the standard demo.
pub const DEMO_SEED: u64 = 20_261_122;

const MS_PER_DAY: i64 = 24 * 60 * 60 * 1000;
/// Share of patients who prefer Spanish, in percent.
const SPANISH_PERCENT: u32 = 55;
/// Share of patients with at least one prescription due today, in percent.
const DUE_TODAY_PERCENT: u32 = 36;
/// Share of patients with some contact history, in percent.
const HISTORY_PERCENT: u32 = 40;

/// Generates the demo pharmacy as it stands on `today` (the pharmacy's local
/// date). Same (`today`, `patient_count`, `seed`) → byte-identical output.
pub fn generate(today: NaiveDate, patient_count: usize, seed: u64) -> DemoPharmacy {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let today_ms = midnight_utc_ms(today);
    let pharmacy = PharmacySettings {
        id: v7_id(&mut rng, today_ms - 1_000 * MS_PER_DAY),
        name: DEMO_PHARMACY_NAME.to_owned(),
        phone: contact::PHARMACY_PHONE.to_owned(),
        time_zone: contact::PHARMACY_ZONE.name().to_owned(),
        calling_window: CallingWindow::federal_limit(),
        refill_program: RefillProgram::default(),
        call_rules: CallRules::default(),
        idle_lock_minutes: enlace_domain::pharmacy::DEFAULT_IDLE_LOCK_MINUTES,
        task_escalation_hours: enlace_domain::pharmacy::DEFAULT_TASK_ESCALATION_HOURS,
        // Synthetic, in the pharmacy's area code's city.
        address: enlace_domain::enrollment::Address {
            line1: "100 Synthetic Way".to_owned(),
            line2: String::new(),
            city: "Miami".to_owned(),
            state: "FL".to_owned(),
            zip: "33101".to_owned(),
        },
        programs: PROGRAMS.iter().map(|&name| name.to_owned()).collect(),
    };
    // The start of today at the pharmacy: no history at or after it.
    let cutoff = start_of_day(today, contact::PHARMACY_ZONE);
    let prescribers = prescriptions::prescribers(&mut rng);
    let mut phone_book = contact::PhoneBook::default();

    // Enrollment spreads over the two years up to four months ago.
    let enrollment_start_ms = today_ms - 730 * MS_PER_DAY;
    let enrollment_step_ms = 610 * MS_PER_DAY / i64::try_from(patient_count.max(1)).unwrap_or(i64::MAX);

    let mut demo = DemoPharmacy {
        pharmacy,
        patients: Vec::with_capacity(patient_count),
        prescriptions: Vec::new(),
        interactions: Vec::new(),
        past_fills: Vec::new(),
    };
    let mut enrolled_ms = enrollment_start_ms;
    for _ in 0..patient_count {
        enrolled_ms += enrollment_step_ms;
        let patient = patient(&mut rng, today, enrolled_ms, &mut phone_book);
        let context = prescriptions::Context {
            today,
            patient_id: patient.id,
            enrolled_ms,
            prescribers: &prescribers,
            due_today: percent(&mut rng, DUE_TODAY_PERCENT),
        };
        demo.prescriptions.extend(prescriptions::prescriptions_for(&mut rng, &context));
        if percent(&mut rng, HISTORY_PERCENT) {
            let zone =
                patient.time_zone.as_deref().and_then(|name| name.parse().ok()).unwrap_or(contact::PHARMACY_ZONE);
            demo.interactions.extend(history::history_for(&mut rng, &patient, zone, today, cutoff));
        }
        demo.patients.push(patient);
    }
    // The pharmacy system's numbering, as its refill report would show it.
    for (number, patient) in demo.patients.iter_mut().enumerate() {
        patient.external_id = Some(format!("P{:06}", 100_001 + number));
    }
    for (number, prescription) in demo.prescriptions.iter_mut().enumerate() {
        prescription.rx_number = Some(format!("RX{:07}", 2_000_001 + number));
    }
    // A generator of its own, so the rest of the demo is what it always was.
    let mut fill_rng = ChaCha8Rng::seed_from_u64(seed ^ FILL_HISTORY_SEED);
    demo.past_fills = past_fills(&mut fill_rng, &demo.patients, &demo.prescriptions);
    demo
}

/// Mixed into the seed for the fill history's own generator.
const FILL_HISTORY_SEED: u64 = 0x0f11_0f11;
/// Share of patients who leave gaps between fills (below 80% covered, mostly), in percent.
const GAPPY_PERCENT: u32 = 22;
/// How far back fills go, in days.
const FILL_HISTORY_DAYS: i64 = 180;

/// Earlier fills of each active prescription, walking back from its last
/// fill: most patients refill within a few days of running out, some leave
/// weeks between fills.
fn past_fills(rng: &mut impl Rng, patients: &[Patient], prescriptions: &[Prescription]) -> Vec<(EntityId, NaiveDate)> {
    let gappy: std::collections::HashSet<EntityId> =
        patients.iter().filter(|_| percent(rng, GAPPY_PERCENT)).map(|patient| patient.id).collect();
    let mut fills = Vec::new();
    for prescription in prescriptions.iter().filter(|prescription| prescription.active) {
        let earliest = prescription.last_fill_date - chrono::Duration::days(FILL_HISTORY_DAYS);
        let mut earlier = Vec::new();
        let mut next = prescription.last_fill_date;
        loop {
            let gap = if gappy.contains(&prescription.patient_id) {
                rng.random_range(6..40)
            } else {
                rng.random_range(-3..4)
            };
            let filled_on = next - chrono::Duration::days(i64::from(prescription.days_supply) + gap);
            if filled_on < earliest {
                break;
            }
            earlier.push(filled_on);
            next = filled_on;
        }
        fills.extend(earlier.into_iter().rev().map(|date| (prescription.id, date)));
    }
    fills
}

/// Programs patients are enrolled in.
const PROGRAMS: &[&str] = &["Med Sync", "Refill Reminders", "Specialty Care"];

/// One synthetic patient, enrolled at `enrolled_ms`.
fn patient(rng: &mut impl Rng, today: NaiveDate, enrolled_ms: i64, phone_book: &mut contact::PhoneBook) -> Patient {
    let id = v7_id(rng, enrolled_ms);
    let preferred_language = if percent(rng, SPANISH_PERCENT) { Language::Spanish } else { Language::English };
    let name = match preferred_language {
        Language::Spanish => names::hispanic_name(rng, 80),
        // Some English-preferring patients are Hispanic too, usually with one surname.
        Language::English if percent(rng, 12) => names::hispanic_name(rng, 30),
        Language::English => names::american_name(rng),
    };
    let date_of_birth = date_of_birth(rng, today);
    let (zone, area_codes) = contact::home_region(rng, preferred_language);
    Patient {
        id,
        name,
        date_of_birth,
        preferred_language,
        time_zone: zone.map(|zone| zone.name().to_owned()),
        time_zone_confirmed: true,
        phones: phone_book.phones_for(rng, area_codes),
        consents: contact::consents(rng),
        external_id: None,
        zip: None,
        program: Some((*pick(rng, PROGRAMS)).to_owned()),
        assigned_to: Some((*pick(rng, history::COORDINATORS)).to_owned()),
        // A few patients asked to be called only in the evening.
        preferred_call_window: percent(rng, 6).then(|| CallingWindow {
            start: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(20, 0, 0).unwrap_or(NaiveTime::MIN),
        }),
        status: enlace_domain::PatientStatus::Active,
    }
}

/// An adult between 18 and 95, weighted towards the ages that fill
/// maintenance prescriptions. Birthdays on Feb 29 are handled by chrono's
/// month arithmetic (clamped to Feb 28 in common years).
fn date_of_birth(rng: &mut impl Rng, today: NaiveDate) -> NaiveDate {
    let (youngest, oldest) =
        *weighted(rng, &[((18, 34), 10), ((35, 49), 18), ((50, 64), 32), ((65, 79), 30), ((80, 94), 10)]);
    let age: u32 = rng.random_range(youngest..=oldest);
    let birthday_this_age = today.checked_sub_months(Months::new(12 * age)).unwrap_or(today);
    // 1–364 days before turning `age` today: still `age` years old, never 95.
    birthday_this_age.checked_sub_days(chrono::Days::new(rng.random_range(1..=364))).unwrap_or(birthday_this_age)
}

/// A UUIDv7 for an entity created at `unix_ms`, its random bits from `rng`.
fn v7_id(rng: &mut impl Rng, unix_ms: i64) -> EntityId {
    let mut random = [0u8; 10];
    rng.fill(&mut random);
    let millis = u64::try_from(unix_ms).unwrap_or(0);
    uuid::Builder::from_unix_timestamp_millis(millis, &random).into_uuid()
}

fn midnight_utc_ms(date: NaiveDate) -> i64 {
    date.and_time(NaiveTime::MIN).and_utc().timestamp_millis()
}

/// The instant `date` begins in `zone` (midnight UTC if it somehow cannot be
/// resolved; that is earlier than any US midnight).
fn start_of_day(date: NaiveDate, zone: impl TimeZone) -> DateTime<Utc> {
    zone.from_local_datetime(&date.and_time(NaiveTime::MIN))
        .earliest()
        .map(|start| start.with_timezone(&Utc))
        .unwrap_or_else(|| date.and_time(NaiveTime::MIN).and_utc())
}

fn percent(rng: &mut impl Rng, chance: u32) -> bool {
    rng.random_range(0..100) < chance
}

/// A uniformly chosen element of a non-empty pool.
fn pick<'a, T>(rng: &mut impl Rng, pool: &'a [T]) -> &'a T {
    &pool[rng.random_range(0..pool.len())]
}

/// An element chosen with probability proportional to its weight, from a
/// non-empty list whose weights are not all zero.
fn weighted<'a, T>(rng: &mut impl Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, weight)| weight).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for (item, weight) in items {
        if roll < *weight {
            return item;
        }
        roll -= weight;
    }
    &items[items.len() - 1].0
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Timelike;
    use enlace_domain::{RefillStatus, parse_zone, refill_status, to_e164};
    use std::collections::{BTreeMap, BTreeSet};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 22).expect("a valid date")
    }

    fn demo() -> DemoPharmacy {
        generate(today(), DEMO_PATIENT_COUNT, DEMO_SEED)
    }

    fn share(part: usize, whole: usize) -> f64 {
        part as f64 / whole as f64
    }

    #[test]
    fn the_same_inputs_give_identical_output() {
        let first = demo();
        let second = demo();
        assert_eq!(first, second);
        assert_eq!(format!("{first:?}"), format!("{second:?}"));
        assert_ne!(first, generate(today(), DEMO_PATIENT_COUNT, DEMO_SEED + 1));
        assert_ne!(first, generate(today().succ_opt().expect("a valid date"), DEMO_PATIENT_COUNT, DEMO_SEED));
    }

    #[test]
    fn it_generates_the_requested_number_of_patients() {
        assert_eq!(demo().patients.len(), DEMO_PATIENT_COUNT);
        assert_eq!(generate(today(), 7, 1).patients.len(), 7);
        let empty = generate(today(), 0, 1);
        assert!(empty.patients.is_empty() && empty.prescriptions.is_empty());
        assert!(empty.interactions.is_empty());
    }

    #[test]
    fn the_pharmacy_is_configured_like_a_real_one() {
        let pharmacy = demo().pharmacy;
        assert_eq!(to_e164(&pharmacy.phone).as_deref(), Ok("+13055550100"));
        assert!(parse_zone(&pharmacy.time_zone).is_ok());
        assert_eq!(pharmacy.calling_window, CallingWindow::federal_limit());
        assert_eq!(pharmacy.refill_program, RefillProgram::default());
    }

    #[test]
    fn every_phone_is_valid_e164_and_every_patient_has_one_or_two() {
        let demo = demo();
        let mut numbers = BTreeSet::new();
        for patient in &demo.patients {
            assert!((1..=2).contains(&patient.phones.len()));
            for phone in &patient.phones {
                assert_eq!(to_e164(&phone.e164).as_deref(), Ok(phone.e164.as_str()));
                assert!(phone.e164.get(5..10) == Some("55501"), "{}", phone.e164);
                assert_ne!(phone.e164, demo.pharmacy.phone);
                numbers.insert(phone.e164.clone());
            }
        }
        let phones: usize = demo.patients.iter().map(|p| p.phones.len()).sum();
        assert_eq!(numbers.len(), phones, "no number is shared");
    }

    #[test]
    fn zones_are_iana_names_spread_across_the_us() {
        let demo = demo();
        let mut seen = BTreeMap::new();
        for patient in &demo.patients {
            if let Some(zone) = &patient.time_zone {
                assert!(parse_zone(zone).is_ok(), "{zone}");
            }
            *seen.entry(patient.time_zone.clone()).or_insert(0usize) += 1;
        }
        for zone in [
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Phoenix",
            "America/Los_Angeles",
            "America/Anchorage",
            "Pacific/Honolulu",
            "America/Puerto_Rico",
        ] {
            assert!(seen.contains_key(&Some(zone.to_owned())), "{zone}");
        }
        let without = share(seen.get(&None).copied().unwrap_or(0), demo.patients.len());
        assert!((0.04..=0.18).contains(&without), "{without}");
    }

    #[test]
    fn most_patients_refill_on_time_and_some_leave_gaps() {
        let demo = demo();
        let by_id: std::collections::HashMap<_, _> = demo.prescriptions.iter().map(|rx| (rx.id, rx)).collect();
        let mut fills: std::collections::HashMap<EntityId, Vec<enlace_domain::Fill>> = Default::default();
        for (id, filled_on) in &demo.past_fills {
            let rx = by_id[id];
            assert!(*filled_on < rx.last_fill_date && rx.last_fill_date - *filled_on <= chrono::Duration::days(180));
            fills.entry(rx.patient_id).or_default().push(enlace_domain::Fill {
                drug: rx.drug.clone(),
                filled_on: *filled_on,
                days_supply: rx.days_supply,
            });
        }
        for rx in demo.prescriptions.iter().filter(|rx| rx.active) {
            fills.entry(rx.patient_id).or_default().push(enlace_domain::Fill {
                drug: rx.drug.clone(),
                filled_on: rx.last_fill_date,
                days_supply: rx.days_supply,
            });
        }
        let last_day = demo.prescriptions.iter().map(|rx| rx.last_fill_date).max().unwrap();
        let non_adherent = fills
            .values()
            .filter(|fills| enlace_domain::non_adherent(&enlace_domain::pdc(fills, last_day, 180)))
            .count();
        let share = share(non_adherent, fills.len());
        assert!((0.08..=0.40).contains(&share), "non-adherent share {share}");
    }

    #[test]
    fn names_are_bilingual_with_accents_and_two_surnames() {
        let demo = demo();
        let spanish = demo.patients.iter().filter(|p| p.preferred_language == Language::Spanish).count();
        let spanish_share = share(spanish, demo.patients.len());
        assert!((0.45..=0.65).contains(&spanish_share), "{spanish_share}");
        let full_names: Vec<String> = demo.patients.iter().map(|p| p.name.full()).collect();
        let accented = full_names.iter().filter(|name| !name.is_ascii()).count();
        assert!(accented > 50, "{accented}");
        assert!(full_names.iter().any(|name| name.contains('ñ')));
        assert!(full_names.iter().any(|name| name.contains('ü')));
        let two_surnames = demo.patients.iter().filter(|p| p.name.second_family.is_some()).count();
        assert!(two_surnames > 60, "{two_surnames}");
        assert!(demo.patients.iter().any(|p| p.name.middle.is_some()));
        let distinct: BTreeSet<&String> = full_names.iter().collect();
        assert!(distinct.len() > DEMO_PATIENT_COUNT * 9 / 10);
    }

    #[test]
    fn patients_are_adults_under_96() {
        for day in [today(), NaiveDate::from_ymd_opt(2028, 2, 29).expect("a leap day")] {
            for patient in generate(day, DEMO_PATIENT_COUNT, DEMO_SEED).patients {
                let age = day.years_since(patient.date_of_birth).unwrap_or(0);
                assert!((18..=95).contains(&age), "{age}");
            }
        }
    }

    #[test]
    fn a_few_patients_refuse_calls() {
        let demo = demo();
        let refused = demo.patients.iter().filter(|p| !p.consents.calls).count();
        assert!((1..=40).contains(&refused), "{refused}");
        assert!(demo.patients.iter().any(|p| p.consents.texts));
        assert!(demo.patients.iter().any(|p| !p.consents.voicemail_detail));
    }

    #[test]
    fn about_a_third_of_patients_are_due_today() {
        let demo = demo();
        let program = demo.pharmacy.refill_program;
        let due_patients: BTreeSet<EntityId> = demo
            .prescriptions
            .iter()
            .filter(|rx| matches!(refill_status(rx, today(), program), RefillStatus::Due { .. }))
            .map(|rx| rx.patient_id)
            .collect();
        let due_share = share(due_patients.len(), demo.patients.len());
        assert!((0.2..=0.6).contains(&due_share), "{due_share}");
        let overdue = demo.prescriptions.iter().any(|rx| {
            matches!(
                refill_status(rx, today(), program),
                RefillStatus::Due { days_until_due, .. } if days_until_due < 0
            )
        });
        assert!(overdue);
        assert!(
            demo.prescriptions.iter().any(|rx| matches!(
                refill_status(rx, today(), program),
                RefillStatus::Due { renewal_needed: true, .. }
            ))
        );
    }

    #[test]
    fn prescriptions_look_like_a_pharmacy_s() {
        let demo = demo();
        let patients: BTreeSet<EntityId> = demo.patients.iter().map(|p| p.id).collect();
        let mut per_patient: BTreeMap<EntityId, usize> = BTreeMap::new();
        for rx in &demo.prescriptions {
            assert!(patients.contains(&rx.patient_id));
            *per_patient.entry(rx.patient_id).or_default() += 1;
            assert!([28, 30, 84, 90].contains(&rx.days_supply));
            assert!(rx.quantity > 0.0 && rx.refills_left <= 5);
            assert!(rx.last_fill_date <= today());
            let due = rx.last_fill_date + chrono::Days::new(u64::from(rx.days_supply));
            assert!((-20..=40).contains(&(due - today()).num_days()));
        }
        assert_eq!(per_patient.len(), demo.patients.len());
        assert!(per_patient.values().all(|count| (1..=4).contains(count)));
        let rxs = &demo.prescriptions;
        let zero_refills = rxs.iter().filter(|rx| rx.refills_left == 0).count();
        assert!((0.02..=0.15).contains(&share(zero_refills, rxs.len())));
        assert!(rxs.iter().any(|rx| !rx.active));
        assert!(rxs.iter().any(|rx| rx.critical));
        assert!(rxs.iter().any(|rx| rx.drug == "Biktarvy" && rx.critical));
        assert!(rxs.iter().any(|rx| rx.drug == "Metformin" && !rx.critical));
        let with_npi = rxs.iter().filter(|rx| rx.prescriber_npi.is_some()).count();
        assert!(share(with_npi, rxs.len()) > 0.8);
    }

    #[test]
    fn every_npi_has_a_valid_check_digit() {
        let demo = demo();
        let npis: Vec<&String> = demo.prescriptions.iter().filter_map(|rx| rx.prescriber_npi.as_ref()).collect();
        assert!(!npis.is_empty());
        for npi in npis {
            assert!(enlace_domain::is_valid_npi(npi), "{npi}");
        }
    }

    #[test]
    fn ids_are_unique_time_ordered_uuid_v7s() {
        let demo = demo();
        let ids: Vec<EntityId> = std::iter::once(demo.pharmacy.id)
            .chain(demo.patients.iter().map(|p| p.id))
            .chain(demo.prescriptions.iter().map(|rx| rx.id))
            .chain(demo.interactions.iter().map(|i| i.id))
            .collect();
        let unique: BTreeSet<&EntityId> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len());
        let end_of_today = midnight_utc_ms(today()) + MS_PER_DAY;
        for id in &ids {
            assert_eq!(id.get_version_num(), 7);
            let (seconds, nanos) = id.get_timestamp().expect("v7 ids carry a timestamp").to_unix();
            let ms = i64::try_from(seconds).unwrap_or(i64::MAX) * 1000 + i64::from(nanos / 1_000_000);
            assert!(ms < end_of_today);
        }
        // Patients were enrolled in order, so their ids sort in that order.
        assert!(demo.patients.windows(2).all(|w| w[0].id < w[1].id));
        // An interaction's id carries the moment it happened.
        for interaction in &demo.interactions {
            let (seconds, _) = interaction.id.get_timestamp().expect("v7").to_unix();
            assert_eq!(i64::try_from(seconds).unwrap_or(0), interaction.occurred_at.timestamp());
        }
    }

    #[test]
    fn history_is_past_daytime_and_in_the_patient_s_language() {
        let demo = demo();
        let patients: BTreeMap<EntityId, &Patient> = demo.patients.iter().map(|p| (p.id, p)).collect();
        let cutoff = start_of_day(today(), contact::PHARMACY_ZONE);
        let oldest = cutoff - chrono::TimeDelta::days(31);
        let mut with_history = BTreeSet::new();
        for interaction in &demo.interactions {
            let patient = patients[&interaction.patient_id];
            with_history.insert(patient.id);
            assert!(interaction.occurred_at < cutoff, "in the future");
            assert!(interaction.occurred_at > oldest);
            assert_eq!(interaction.language, patient.preferred_language);
            let zone =
                parse_zone(patient.time_zone.as_deref().unwrap_or(&demo.pharmacy.time_zone)).expect("a valid zone");
            let local = interaction.occurred_at.with_timezone(&zone);
            assert!((9..20).contains(&local.hour()), "{local}");
            assert!(local.date_naive() < today());
            assert!(!interaction.notes.is_empty() && !interaction.recorded_by.is_empty());
        }
        let history_share = share(with_history.len(), demo.patients.len());
        assert!((0.3..=0.5).contains(&history_share), "{history_share}");
        // Oldest first within each patient.
        assert!(
            demo.interactions
                .windows(2)
                .all(|w| { w[0].patient_id != w[1].patient_id || w[0].occurred_at <= w[1].occurred_at })
        );
    }

    #[test]
    fn dates_far_from_now_work_too() {
        for (y, m, d) in [(2028, 2, 29), (2031, 12, 31), (2024, 1, 1)] {
            let day = NaiveDate::from_ymd_opt(y, m, d).expect("a valid date");
            let demo = generate(day, 50, 9);
            assert_eq!(demo.patients.len(), 50);
            assert!(demo.prescriptions.iter().all(|rx| rx.last_fill_date <= day));
        }
    }
}
