//! National Provider Identifiers: ten digits whose last is a Luhn check digit
//! computed over the number prefixed with 80840 (the health-industry prefix
//! the NPI standard prepends before computing it).

/// The check digit for the first nine digits of an NPI.
pub fn npi_check_digit(first_nine: &[u32; 9]) -> u32 {
    let sum: u32 = [8, 0, 8, 4, 0]
        .iter()
        .chain(first_nine)
        .rev()
        .enumerate()
        .map(|(position, &digit)| {
            // The check digit will sit right of the payload, so the payload's
            // rightmost digit (position 0 here) is the first one doubled.
            if position % 2 == 0 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// Whether `npi` is exactly ten digits with a correct check digit.
pub fn is_valid_npi(npi: &str) -> bool {
    let digits: Option<Vec<u32>> = npi.chars().map(|c| c.to_digit(10)).collect();
    match digits.as_deref() {
        Some([first_nine @ .., check]) if first_nine.len() == 9 => {
            let mut payload = [0u32; 9];
            payload.copy_from_slice(first_nine);
            npi_check_digit(&payload) == *check
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_example_checks_and_near_misses_do_not() {
        assert_eq!(npi_check_digit(&[1, 2, 3, 4, 5, 6, 7, 8, 9]), 3);
        assert!(is_valid_npi("1234567893"));
        assert!(!is_valid_npi("1234567890"), "wrong check digit");
        assert!(!is_valid_npi("123456789"), "nine digits");
        assert!(!is_valid_npi("12345678931"), "eleven digits");
        assert!(!is_valid_npi("12345678a3"), "a letter");
        assert!(!is_valid_npi("1234 567893"), "a space");
    }
}
