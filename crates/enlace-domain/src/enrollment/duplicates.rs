//! The likely-duplicate rule: the same person under a differently typed name.

use super::*;

/// The words of a name, folded (no accents, lower case).
fn folded_words(parts: &[Option<&str>]) -> Vec<String> {
    let mut words: Vec<String> = parts
        .iter()
        .flatten()
        .flat_map(|part| fold_for_search(part).split(' ').map(str::to_owned).collect::<Vec<_>>())
        .filter(|word| !word.is_empty())
        .collect();
    words.sort();
    words
}

/// Whether two records likely name the same person: the same date of birth,
/// the same first given name, and surnames that agree in any order, accents
/// and case aside — one record may carry only one of the two surnames
/// ("María Núñez" and "Maria Jose Pena Nunez" are the same patient).
pub fn likely_same_person(a: &PersonName, a_born: NaiveDate, b: &PersonName, b_born: NaiveDate) -> bool {
    if a_born != b_born {
        return false;
    }
    let first_given = |name: &PersonName| fold_for_search(&name.given).split(' ').next().map(str::to_owned);
    if first_given(a).is_none_or(|given| given.is_empty()) || first_given(a) != first_given(b) {
        return false;
    }
    let surnames = |name: &PersonName| folded_words(&[Some(&name.family), name.second_family.as_deref()]);
    let (a_surnames, b_surnames) = (surnames(a), surnames(b));
    let (shorter, longer) =
        if a_surnames.len() <= b_surnames.len() { (&a_surnames, &b_surnames) } else { (&b_surnames, &a_surnames) };
    !shorter.is_empty() && shorter.iter().all(|word| longer.contains(word))
}

/// The patients among `candidates` (id, name, date of birth) whom `form` likely duplicates.
pub fn likely_duplicates<'a>(
    name: &PersonName,
    born: NaiveDate,
    candidates: impl IntoIterator<Item = (EntityId, &'a PersonName, NaiveDate)>,
) -> Vec<EntityId> {
    candidates
        .into_iter()
        .filter(|(_, other, other_born)| likely_same_person(name, born, other, *other_born))
        .map(|(id, _, _)| id)
        .collect()
}
