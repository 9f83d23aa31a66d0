//! Name pools for synthetic patients: Hispanic names with their accents,
//! compound given names and two surnames, and Anglo/other American names.
//!
//! The pools are common first names and surnames; combined at random they
//! name nobody in particular.

use enlace_domain::PersonName;
use rand::Rng;

use crate::pick;

const SPANISH_FEMALE_GIVEN: &[&str] = &[
    "María José",
    "Ana Sofía",
    "María Fernanda",
    "Rosa María",
    "Luz Marina",
    "Ana Lucía",
    "María de los Ángeles",
    "Lucía",
    "Sofía",
    "Valentina",
    "Isabel",
    "Carmen",
    "Guadalupe",
    "Mónica",
    "Verónica",
    "Inés",
    "Begoña",
    "Mercedes",
    "Dolores",
    "Araceli",
    "Beatriz",
    "Raquel",
    "Leticia",
    "Yolanda",
    "Marisol",
    "Ximena",
    "Natalia",
    "Adriana",
    "Gabriela",
    "Elena",
    "Pilar",
    "Noemí",
    "Zoé",
    "Ángela",
    "Milagros",
];

const SPANISH_MALE_GIVEN: &[&str] = &[
    "José Luis",
    "Juan Carlos",
    "José Ángel",
    "Luis Fernando",
    "Miguel Ángel",
    "Juan Pablo",
    "Jesús",
    "Andrés",
    "Tomás",
    "Sebastián",
    "Martín",
    "Joaquín",
    "Ramón",
    "Héctor",
    "Raúl",
    "Rubén",
    "Óscar",
    "Efraín",
    "Germán",
    "Julián",
    "Nicolás",
    "Iván",
    "Alejandro",
    "Francisco",
    "Javier",
    "Rodrigo",
    "Emilio",
    "Fernando",
    "Rafael",
    "Ignacio",
    "Agustín",
    "Santiago",
    "Cristóbal",
    "Benjamín",
    "Adrián",
];

const SPANISH_FEMALE_MIDDLE: &[&str] =
    &["Alejandra", "Cristina", "Esther", "Inés", "Josefina", "Lourdes", "Margarita", "Paola", "Teresa"];

const SPANISH_MALE_MIDDLE: &[&str] =
    &["Alberto", "Antonio", "Enrique", "Ernesto", "Esteban", "Gonzalo", "Manuel", "Salvador", "Andrés"];

const SPANISH_SURNAMES: &[&str] = &[
    "Núñez",
    "Peña",
    "Ramírez",
    "Ortiz",
    "Gutiérrez",
    "Agüero",
    "Muñoz",
    "Ibáñez",
    "Rodríguez",
    "Hernández",
    "Martínez",
    "González",
    "Pérez",
    "Sánchez",
    "Gómez",
    "Díaz",
    "Álvarez",
    "Jiménez",
    "Fernández",
    "López",
    "Vázquez",
    "Castillo",
    "Morales",
    "Rivera",
    "Torres",
    "Flores",
    "Reyes",
    "Cruz",
    "Ortega",
    "Delgado",
    "Castro",
    "Rosario",
    "Santiago",
    "Colón",
    "Meléndez",
    "Quiñones",
    "Maldonado",
    "Vélez",
    "Acevedo",
    "Domínguez",
    "Benítez",
    "Márquez",
    "Echeverría",
    "Báez",
    "Cortés",
    "Ríos",
    "Mejía",
    "Argüello",
    "Villaseñor",
    "Ordóñez",
    "Beltrán",
    "Calderón",
    "León",
    "Rincón",
];

const ENGLISH_FEMALE_GIVEN: &[&str] = &[
    "Mary",
    "Patricia",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Nancy",
    "Margaret",
    "Dorothy",
    "Emily",
    "Ashley",
    "Michelle",
    "Deborah",
    "Laura",
    "Rebecca",
    "Sharon",
    "Keisha",
    "Mei",
    "Priya",
    "Aaliyah",
    "Grace",
    "Hannah",
    "Brenda",
    "Tamika",
];

const ENGLISH_MALE_GIVEN: &[&str] = &[
    "James",
    "Robert",
    "John",
    "Michael",
    "David",
    "William",
    "Richard",
    "Joseph",
    "Thomas",
    "Charles",
    "Christopher",
    "Daniel",
    "Matthew",
    "Anthony",
    "Mark",
    "Donald",
    "Steven",
    "Paul",
    "Andrew",
    "Joshua",
    "Kenneth",
    "Kevin",
    "Brian",
    "George",
    "Darnell",
    "Tyrone",
    "Wei",
    "Raj",
];

const ENGLISH_FEMALE_MIDDLE: &[&str] = &["Ann", "Marie", "Lynn", "Elizabeth", "Jean", "Louise", "Rose", "Kay", "Grace"];

const ENGLISH_MALE_MIDDLE: &[&str] = &["Lee", "Allen", "James", "Edward", "Wayne", "Ray", "Thomas", "Dean", "Scott"];

const ENGLISH_SURNAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Hill",
    "Green",
    "Adams",
    "Baker",
    "Nelson",
    "Carter",
    "Mitchell",
    "Roberts",
    "Campbell",
    "Parker",
    "Evans",
    "Edwards",
    "Collins",
    "Stewart",
    "Murphy",
    "Cook",
    "Nguyen",
    "Patel",
    "Kim",
    "Chen",
    "O'Brien",
    "Kowalski",
    "Washington",
    "Becker",
    "Sullivan",
    "Rossi",
];

/// A Hispanic name. `second_surname_percent` is the chance of carrying both
/// surnames (most Spanish-speaking patients do; many US-born ones do not).
pub(crate) fn hispanic_name(rng: &mut impl Rng, second_surname_percent: u32) -> PersonName {
    let female = rng.random_bool(0.5);
    let (given_pool, middle_pool) =
        if female { (SPANISH_FEMALE_GIVEN, SPANISH_FEMALE_MIDDLE) } else { (SPANISH_MALE_GIVEN, SPANISH_MALE_MIDDLE) };
    let given = *pick(rng, given_pool);
    // A compound given name ("María José") already carries the second name.
    let middle =
        (!given.contains(' ') && percent(rng, 25)).then(|| *pick(rng, middle_pool)).filter(|middle| *middle != given);
    let family = *pick(rng, SPANISH_SURNAMES);
    let second_family =
        percent(rng, second_surname_percent).then(|| *pick(rng, SPANISH_SURNAMES)).filter(|second| *second != family);
    PersonName {
        given: given.to_owned(),
        middle: middle.map(str::to_owned),
        family: family.to_owned(),
        second_family: second_family.map(str::to_owned),
    }
}

/// An Anglo or other American name: one surname, sometimes a middle name.
pub(crate) fn american_name(rng: &mut impl Rng) -> PersonName {
    let female = rng.random_bool(0.5);
    let (given_pool, middle_pool) =
        if female { (ENGLISH_FEMALE_GIVEN, ENGLISH_FEMALE_MIDDLE) } else { (ENGLISH_MALE_GIVEN, ENGLISH_MALE_MIDDLE) };
    let given = *pick(rng, given_pool);
    let middle = percent(rng, 35).then(|| *pick(rng, middle_pool)).filter(|middle| *middle != given);
    PersonName {
        given: given.to_owned(),
        middle: middle.map(str::to_owned),
        family: (*pick(rng, ENGLISH_SURNAMES)).to_owned(),
        second_family: None,
    }
}

fn percent(rng: &mut impl Rng, chance: u32) -> bool {
    rng.random_range(0..100) < chance
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::collections::BTreeSet;

    fn distinct(pool: &[&str]) -> usize {
        pool.iter().collect::<BTreeSet<_>>().len()
    }

    #[test]
    fn pools_are_large_and_free_of_duplicates() {
        for (given_a, given_b, surnames) in [
            (SPANISH_FEMALE_GIVEN, SPANISH_MALE_GIVEN, SPANISH_SURNAMES),
            (ENGLISH_FEMALE_GIVEN, ENGLISH_MALE_GIVEN, ENGLISH_SURNAMES),
        ] {
            assert_eq!(distinct(given_a), given_a.len());
            assert_eq!(distinct(given_b), given_b.len());
            assert_eq!(distinct(surnames), surnames.len());
            assert!(given_a.len() + given_b.len() >= 40);
            assert!(surnames.len() >= 40);
        }
    }

    #[test]
    fn hispanic_names_carry_accents_tildes_and_diaereses() {
        let all: String = [SPANISH_FEMALE_GIVEN, SPANISH_MALE_GIVEN, SPANISH_SURNAMES].concat().concat();
        for letter in ['á', 'é', 'í', 'ó', 'ú', 'ñ', 'ü', 'Á', 'Ó'] {
            assert!(all.contains(letter), "no name with {letter}");
        }
    }

    #[test]
    fn names_are_well_formed() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for _ in 0..500 {
            for name in [hispanic_name(&mut rng, 80), american_name(&mut rng)] {
                assert!(!name.given.is_empty() && !name.family.is_empty());
                assert_ne!(name.second_family.as_deref(), Some(name.family.as_str()));
                assert_ne!(name.middle.as_deref(), Some(name.given.as_str()));
                assert!(!(name.given.contains(' ') && name.middle.is_some()));
            }
        }
    }
}
