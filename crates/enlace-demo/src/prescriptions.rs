//! Synthetic prescriptions: common maintenance therapies plus a few critical
//! ones (HIV, transplant, oncology, specialty), written by fictional
//! prescribers, with fill dates spread so that about a third of patients are
//! due for a refill reminder on the demo's "today".

use chrono::{NaiveDate, TimeDelta};
use enlace_domain::{EntityId, Prescription};
use rand::Rng;

use crate::{v7_id, weighted};

/// Who usually writes a therapy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Specialty {
    PrimaryCare,
    InfectiousDisease,
    Transplant,
    Oncology,
    Rheumatology,
}

/// A therapy as the demo prescribes it.
struct Drug {
    name: &'static str,
    strength: &'static str,
    directions: &'static str,
    /// Dispensed units (tablets, mL, grams, pens) used per day.
    units_per_day: f64,
    /// The days supplies it is dispensed for.
    supplies: &'static [u32],
    /// How often it is picked relative to the others.
    weight: u32,
    specialty: Specialty,
}

const MAINTENANCE: &[u32] = &[28, 30, 84, 90];
const MONTHLY_OR_QUARTERLY: &[u32] = &[30, 90];

const fn maintenance(
    name: &'static str,
    strength: &'static str,
    directions: &'static str,
    units_per_day: f64,
    weight: u32,
) -> Drug {
    Drug { name, strength, directions, units_per_day, supplies: MAINTENANCE, weight, specialty: Specialty::PrimaryCare }
}

const DRUGS: &[Drug] = &[
    maintenance("Metformin", "500 mg", "Take 1 tablet by mouth twice daily with meals", 2.0, 10),
    maintenance("Metformin ER", "750 mg", "Take 2 tablets by mouth once daily with the evening meal", 2.0, 4),
    maintenance("Lisinopril", "10 mg", "Take 1 tablet by mouth once daily", 1.0, 10),
    maintenance("Atorvastatin", "20 mg", "Take 1 tablet by mouth at bedtime", 1.0, 10),
    maintenance("Rosuvastatin", "10 mg", "Take 1 tablet by mouth once daily", 1.0, 5),
    maintenance("Levothyroxine", "50 mcg", "Take 1 tablet by mouth every morning on an empty stomach", 1.0, 8),
    maintenance("Amlodipine", "5 mg", "Take 1 tablet by mouth once daily", 1.0, 8),
    maintenance("Losartan", "50 mg", "Take 1 tablet by mouth once daily", 1.0, 7),
    maintenance("Hydrochlorothiazide", "25 mg", "Take 1 tablet by mouth once daily in the morning", 1.0, 5),
    maintenance("Metoprolol succinate ER", "25 mg", "Take 1 tablet by mouth once daily", 1.0, 5),
    maintenance("Carvedilol", "12.5 mg", "Take 1 tablet by mouth twice daily with food", 2.0, 3),
    maintenance("Sertraline", "50 mg", "Take 1 tablet by mouth once daily", 1.0, 6),
    maintenance("Escitalopram", "10 mg", "Take 1 tablet by mouth once daily", 1.0, 4),
    maintenance("Omeprazole", "20 mg", "Take 1 capsule by mouth once daily before breakfast", 1.0, 6),
    maintenance("Pantoprazole", "40 mg", "Take 1 tablet by mouth once daily before breakfast", 1.0, 3),
    Drug {
        name: "Albuterol HFA",
        strength: "90 mcg/actuation inhaler",
        directions: "Inhale 2 puffs by mouth every 4 to 6 hours as needed for wheezing",
        // One 18 g inhaler a month.
        units_per_day: 0.6,
        supplies: MONTHLY_OR_QUARTERLY,
        weight: 4,
        specialty: Specialty::PrimaryCare,
    },
    Drug {
        name: "Fluticasone/salmeterol",
        strength: "250/50 mcg/dose inhaler",
        directions: "Inhale 1 puff by mouth twice daily; rinse mouth after use",
        units_per_day: 2.0,
        supplies: MONTHLY_OR_QUARTERLY,
        weight: 2,
        specialty: Specialty::PrimaryCare,
    },
    Drug {
        name: "Insulin glargine",
        strength: "100 units/mL pen",
        directions: "Inject 20 units under the skin once daily at bedtime",
        // 20 units of 100 units/mL, in mL.
        units_per_day: 0.2,
        supplies: MONTHLY_OR_QUARTERLY,
        weight: 4,
        specialty: Specialty::PrimaryCare,
    },
    maintenance("Gabapentin", "300 mg", "Take 1 capsule by mouth three times daily", 3.0, 3),
    maintenance("Montelukast", "10 mg", "Take 1 tablet by mouth every evening", 1.0, 3),
    maintenance("Tamsulosin", "0.4 mg", "Take 1 capsule by mouth once daily 30 minutes after the same meal", 1.0, 3),
    maintenance("Glipizide", "5 mg", "Take 1 tablet by mouth once daily before breakfast", 1.0, 3),
    maintenance("Apixaban", "5 mg", "Take 1 tablet by mouth twice daily", 2.0, 3),
    maintenance("Clopidogrel", "75 mg", "Take 1 tablet by mouth once daily", 1.0, 3),
    maintenance("Furosemide", "20 mg", "Take 1 tablet by mouth once daily in the morning", 1.0, 3),
    maintenance("Donepezil", "10 mg", "Take 1 tablet by mouth at bedtime", 1.0, 2),
    maintenance("Allopurinol", "100 mg", "Take 1 tablet by mouth once daily", 1.0, 2),
    Drug {
        name: "Biktarvy",
        strength: "50/200/25 mg",
        directions: "Take 1 tablet by mouth once daily",
        units_per_day: 1.0,
        supplies: MONTHLY_OR_QUARTERLY,
        weight: 3,
        specialty: Specialty::InfectiousDisease,
    },
    Drug {
        name: "Descovy",
        strength: "200/25 mg",
        directions: "Take 1 tablet by mouth once daily",
        units_per_day: 1.0,
        supplies: MONTHLY_OR_QUARTERLY,
        weight: 1,
        specialty: Specialty::InfectiousDisease,
    },
    Drug {
        name: "Tacrolimus",
        strength: "1 mg",
        directions: "Take 2 capsules by mouth every 12 hours",
        units_per_day: 4.0,
        supplies: &[30],
        weight: 2,
        specialty: Specialty::Transplant,
    },
    Drug {
        name: "Mycophenolate mofetil",
        strength: "500 mg",
        directions: "Take 2 tablets by mouth twice daily",
        units_per_day: 4.0,
        supplies: &[30],
        weight: 1,
        specialty: Specialty::Transplant,
    },
    Drug {
        name: "Anastrozole",
        strength: "1 mg",
        directions: "Take 1 tablet by mouth once daily",
        units_per_day: 1.0,
        supplies: MONTHLY_OR_QUARTERLY,
        weight: 2,
        specialty: Specialty::Oncology,
    },
    Drug {
        name: "Tamoxifen",
        strength: "20 mg",
        directions: "Take 1 tablet by mouth once daily",
        units_per_day: 1.0,
        supplies: MONTHLY_OR_QUARTERLY,
        weight: 1,
        specialty: Specialty::Oncology,
    },
    Drug {
        name: "Humira",
        strength: "40 mg/0.4 mL pen",
        directions: "Inject 40 mg under the skin every 14 days",
        // Two pens per 28 days.
        units_per_day: 1.0 / 14.0,
        supplies: &[28],
        weight: 2,
        specialty: Specialty::Rheumatology,
    },
];

/// Fictional prescribers. Their NPIs are generated per demo.
const PRESCRIBERS: &[(&str, Specialty)] = &[
    ("Dr. Elena Castillo", Specialty::PrimaryCare),
    ("Dr. Marcus Whitfield", Specialty::PrimaryCare),
    ("Dr. Ana Lucía Robles", Specialty::PrimaryCare),
    ("Dr. Priya Raman", Specialty::PrimaryCare),
    ("Dr. Héctor Villanueva", Specialty::PrimaryCare),
    ("Dr. Karen Lindqvist", Specialty::PrimaryCare),
    ("Dr. Jorge Ibarra", Specialty::PrimaryCare),
    ("Dr. Linda Park", Specialty::PrimaryCare),
    ("Dr. Ricardo Solís", Specialty::PrimaryCare),
    ("Dr. Samuel Okafor", Specialty::InfectiousDisease),
    ("Dr. Marisol Quintero", Specialty::InfectiousDisease),
    ("Dr. Nadia Haddad", Specialty::Transplant),
    ("Dr. Tomás Echeverri", Specialty::Oncology),
    ("Dr. Rachel Goldberg", Specialty::Oncology),
    ("Dr. Brian O'Neill", Specialty::Rheumatology),
];

/// A prescriber of the demo, with a made-up but well-formed NPI.
#[derive(Debug, Clone)]
pub(crate) struct Prescriber {
    name: &'static str,
    specialty: Specialty,
    npi: String,
}

/// The demo's prescribers, each with a random NPI that passes the Luhn check.
pub(crate) fn prescribers(rng: &mut impl Rng) -> Vec<Prescriber> {
    PRESCRIBERS.iter().map(|&(name, specialty)| Prescriber { name, specialty, npi: random_npi(rng) }).collect()
}

/// A 10-digit NPI: 1 or 2, eight random digits, then the check digit.
fn random_npi(rng: &mut impl Rng) -> String {
    let mut digits = [0u32; 9];
    digits[0] = rng.random_range(1..=2);
    for digit in &mut digits[1..] {
        *digit = rng.random_range(0..=9);
    }
    let mut npi: String = digits.iter().map(u32::to_string).collect();
    npi.push_str(&enlace_domain::npi_check_digit(&digits).to_string());
    npi
}

/// What a patient's prescriptions are generated from.
pub(crate) struct Context<'a> {
    pub(crate) today: NaiveDate,
    pub(crate) patient_id: EntityId,
    /// When the patient was enrolled (Unix ms); prescriptions follow right after.
    pub(crate) enrolled_ms: i64,
    pub(crate) prescribers: &'a [Prescriber],
    /// Whether at least one prescription should be due for a reminder today.
    pub(crate) due_today: bool,
}

/// One to four distinct prescriptions for a patient.
pub(crate) fn prescriptions_for(rng: &mut impl Rng, context: &Context<'_>) -> Vec<Prescription> {
    let count = *weighted(rng, &[(1usize, 30), (2, 35), (3, 22), (4, 13)]);
    let choices: Vec<(&Drug, u32)> = DRUGS.iter().map(|drug| (drug, drug.weight)).collect();
    let mut drugs: Vec<&Drug> = Vec::with_capacity(count);
    for _ in 0..count {
        // A few tries for a therapy the patient is not already on.
        let fresh = (0..8)
            .map(|_| *weighted(rng, &choices))
            .find(|candidate| !drugs.iter().any(|taken| taken.name == candidate.name));
        drugs.extend(fresh);
    }
    let due_index = rng.random_range(0..drugs.len().max(1));
    let mut created_ms = context.enrolled_ms;
    drugs
        .into_iter()
        .enumerate()
        .map(|(index, drug)| {
            created_ms += 1_000;
            let due = context.due_today && (index == due_index || rng.random_bool(0.4));
            prescription(rng, context, drug, created_ms, due)
        })
        .collect()
}

fn prescription(rng: &mut impl Rng, context: &Context<'_>, drug: &Drug, created_ms: i64, due: bool) -> Prescription {
    let today = context.today;
    let id = v7_id(rng, created_ms);
    let days_supply = days_supply(rng, drug.supplies);
    let supply = i64::from(days_supply);
    // Days from today to the next fill due date. With the default program a
    // reminder opens 7 days before it (the "too soon" point of these supplies
    // is never later), so 7 or fewer means due today. The last fill is never
    // after today.
    let days_until_due = if !due {
        rng.random_range(8..=40_i64.min(supply - 1).max(8))
    } else if rng.random_range(0..100) < 35 {
        rng.random_range(-20..=-1)
    } else {
        rng.random_range(0..=7)
    };
    let last_fill_date = add_days(today, days_until_due - supply);
    let refills_left = if rng.random_range(0..100) < 8 { 0 } else { rng.random_range(1..=5) };
    let expires_on = match rng.random_range(0..100) {
        // Expiring soon: some of these need a renewal before the next fill.
        0..7 => Some(add_days(today, rng.random_range(2..=20))),
        7..72 => Some(add_days(today, rng.random_range(45..=330))),
        _ => None,
    };
    let prescribers: Vec<&Prescriber> =
        context.prescribers.iter().filter(|prescriber| prescriber.specialty == drug.specialty).collect();
    let prescriber = prescribers.get(rng.random_range(0..prescribers.len().max(1))).copied();
    let npi_on_file = rng.random_range(0..100) < 92;
    Prescription {
        id,
        patient_id: context.patient_id,
        rx_number: None,
        drug: drug.name.to_owned(),
        strength: drug.strength.to_owned(),
        directions: drug.directions.to_owned(),
        days_supply,
        quantity: quantity(drug.units_per_day, days_supply),
        refills_left,
        last_fill_date,
        expires_on,
        prescriber_name: prescriber.map_or("Dr. Elena Castillo", |p| p.name).to_owned(),
        prescriber_npi: prescriber.filter(|_| npi_on_file).map(|prescriber| prescriber.npi.clone()),
        critical: drug.specialty != Specialty::PrimaryCare,
        active: rng.random_range(0..100) >= 3,
    }
}

/// Mostly 30 and 90 days, sometimes 28 or 84, among those the drug allows.
fn days_supply(rng: &mut impl Rng, allowed: &[u32]) -> u32 {
    let choices: Vec<(u32, u32)> = allowed
        .iter()
        .map(|&days| {
            let weight = match days {
                30 => 11,
                90 => 7,
                _ => 1,
            };
            (days, weight)
        })
        .collect();
    if choices.is_empty() {
        return 30;
    }
    *weighted(rng, &choices)
}

/// Units dispensed for the supply, to two decimals.
fn quantity(units_per_day: f64, days_supply: u32) -> f64 {
    (units_per_day * f64::from(days_supply) * 100.0).round() / 100.0
}

fn add_days(date: NaiveDate, days: i64) -> NaiveDate {
    date.checked_add_signed(TimeDelta::days(days)).unwrap_or(date)
}

/// Used by the crate's tests to keep drug names out of interaction notes.
#[cfg(test)]
pub(crate) fn drug_names() -> impl Iterator<Item = &'static str> {
    DRUGS.iter().map(|drug| drug.name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn random_npis_are_well_formed() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for _ in 0..200 {
            let npi = random_npi(&mut rng);
            assert_eq!(npi.len(), 10);
            assert!(npi.starts_with('1') || npi.starts_with('2'));
            assert!(enlace_domain::is_valid_npi(&npi), "{npi}");
        }
    }

    #[test]
    fn every_drug_has_a_prescriber_a_supply_and_a_positive_quantity() {
        for drug in DRUGS {
            assert!(PRESCRIBERS.iter().any(|(_, specialty)| *specialty == drug.specialty));
            assert!(!drug.supplies.is_empty() && drug.weight > 0);
            for &days in drug.supplies {
                assert!([28, 30, 84, 90].contains(&days));
                assert!(quantity(drug.units_per_day, days) > 0.0);
            }
        }
        assert_eq!(quantity(1.0 / 14.0, 28), 2.0);
        assert_eq!(quantity(0.6, 30), 18.0);
    }

    #[test]
    fn about_a_tenth_of_prescriptions_are_critical() {
        let total: u32 = DRUGS.iter().map(|drug| drug.weight).sum();
        let critical: u32 =
            DRUGS.iter().filter(|drug| drug.specialty != Specialty::PrimaryCare).map(|drug| drug.weight).sum();
        let percent = critical * 100 / total;
        assert!((5..=15).contains(&percent), "{percent}%");
    }
}
