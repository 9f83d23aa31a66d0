//! The pharmacy system's refill report, one CSV row at a time: which column
//! holds which field (the default header or a saved mapping), and turning a
//! row's cells into validated values or per-cell errors. Reading the file is
//! the caller's business; every rule about a cell is here.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use crate::field_rules::{self, FieldError};
use crate::zip_zone::zone_for_zip;
use crate::{Language, PersonName, parse_zone};

/// A field of the refill report. Serde names equal the default header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ImportField {
    PatientId,
    LastName,
    FirstName,
    DateOfBirth,
    Phone,
    Language,
    TimeZone,
    Zip,
    RxNumber,
    DrugName,
    Strength,
    LastFillDate,
    DaysSupply,
    Quantity,
    RefillsRemaining,
    PrescriberName,
    PrescriberNpi,
}

impl ImportField {
    pub const ALL: [ImportField; 17] = [
        Self::PatientId,
        Self::LastName,
        Self::FirstName,
        Self::DateOfBirth,
        Self::Phone,
        Self::Language,
        Self::TimeZone,
        Self::Zip,
        Self::RxNumber,
        Self::DrugName,
        Self::Strength,
        Self::LastFillDate,
        Self::DaysSupply,
        Self::Quantity,
        Self::RefillsRemaining,
        Self::PrescriberName,
        Self::PrescriberNpi,
    ];

    pub fn default_header(self) -> &'static str {
        match self {
            Self::PatientId => "patient_id",
            Self::LastName => "last_name",
            Self::FirstName => "first_name",
            Self::DateOfBirth => "date_of_birth",
            Self::Phone => "phone",
            Self::Language => "language",
            Self::TimeZone => "time_zone",
            Self::Zip => "zip",
            Self::RxNumber => "rx_number",
            Self::DrugName => "drug_name",
            Self::Strength => "strength",
            Self::LastFillDate => "last_fill_date",
            Self::DaysSupply => "days_supply",
            Self::Quantity => "quantity",
            Self::RefillsRemaining => "refills_remaining",
            Self::PrescriberName => "prescriber_name",
            Self::PrescriberNpi => "prescriber_npi",
        }
    }

    /// What pharmacy systems' reports (in English and Spanish) call this field besides its default header.
    fn other_names(self) -> &'static [&'static str] {
        match self {
            Self::PatientId => &["patient id", "patient number", "patient no", "pat id", "mrn", "id paciente"],
            Self::LastName => &["last name", "surname", "lname", "patient last name", "apellido", "apellidos"],
            Self::FirstName => &["first name", "given name", "fname", "patient first name", "nombre"],
            Self::DateOfBirth => &["dob", "birth date", "birthdate", "date of birth", "fecha de nacimiento"],
            Self::Phone => &["phone number", "telephone", "primary phone", "patient phone", "telefono"],
            Self::Language => &["preferred language", "lang", "idioma"],
            Self::TimeZone => &["timezone", "tz", "zona horaria"],
            Self::Zip => &["zip code", "zipcode", "postal code", "codigo postal"],
            Self::RxNumber => &["rx", "rx #", "rx no", "rx number", "prescription number", "receta"],
            Self::DrugName => &["drug", "medication", "drug description", "medicamento"],
            Self::Strength => &["drug strength", "potencia"],
            Self::LastFillDate => &["fill date", "last filled", "date filled", "last fill", "fecha de surtido"],
            Self::DaysSupply => &["days supply", "day supply", "ds", "dias de suministro"],
            Self::Quantity => &["qty", "quantity dispensed", "cantidad"],
            Self::RefillsRemaining => &["refills left", "refills", "refills remaining", "resurtidos"],
            Self::PrescriberName => &["prescriber", "doctor", "physician", "prescriber name", "medico"],
            Self::PrescriberNpi => &["npi", "prescriber npi", "dr npi"],
        }
    }

    /// Zone, ZIP, strength, quantity and NPI may be absent from a report; the rest identify or date the fill.
    pub fn required(self) -> bool {
        !matches!(self, Self::TimeZone | Self::Zip | Self::Strength | Self::Quantity | Self::PrescriberNpi)
    }
}

/// Each field's header in a report: a field left out reads its default
/// header; an optional field mapped to "" reads no column.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ColumnMapping(pub BTreeMap<ImportField, String>);

impl ColumnMapping {
    pub fn header_for(&self, field: ImportField) -> &str {
        self.0.get(&field).map_or(field.default_header(), String::as_str)
    }
}

/// Where each field's column is in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnIndex {
    positions: BTreeMap<ImportField, usize>,
    headers: BTreeMap<ImportField, String>,
}

impl ColumnIndex {
    fn cell<'a>(&self, record: &[&'a str], field: ImportField) -> &'a str {
        self.positions.get(&field).and_then(|position| record.get(*position)).map_or("", |cell| cell.trim())
    }

    /// The row's cell for every field, in the order of [`ImportField::ALL`] ("" where the file has no column).
    pub fn cells_by_field(&self, record: &[&str]) -> Vec<String> {
        ImportField::ALL.into_iter().map(|field| self.cell(record, field).to_owned()).collect()
    }

    /// The file's header for `field` (its default name if the file has no such column).
    pub fn header(&self, field: ImportField) -> String {
        self.headers.get(&field).cloned().unwrap_or_else(|| field.default_header().to_owned())
    }
}

/// The mapping to offer for a file with `headers`, every field named: the
/// saved header where the file has it, else the default header, else a
/// header that reads as the field's name in another system's words
/// ("DOB", "Rx #", "Fecha de nacimiento"), compared without case, accents,
/// spaces or punctuation. An optional field the file lacks maps to no
/// column (an empty header); a required one keeps its saved or default
/// header, which [`locate_columns`] then reports as missing.
pub fn suggest_mapping(headers: &[&str], saved: &ColumnMapping) -> ColumnMapping {
    let folded: Vec<(String, &str)> =
        cleaned_headers(headers).into_iter().map(|header| (fold_header(header), header)).collect();
    let exact = |wanted: &str| folded.iter().find(|(_, header)| *header == wanted).map(|(_, header)| *header);
    let mut chosen = BTreeMap::new();
    for field in ImportField::ALL {
        let saved_header = saved.0.get(&field).map(String::as_str);
        if saved_header == Some("") && !field.required() {
            // Someone said this file has no such column.
            chosen.insert(field, String::new());
            continue;
        }
        let found = saved_header
            .filter(|header| !header.is_empty())
            .and_then(exact)
            .or_else(|| exact(field.default_header()))
            .or_else(|| {
                let names: Vec<String> = std::iter::once(field.default_header())
                    .chain(field.other_names().iter().copied())
                    .map(fold_header)
                    .collect();
                folded.iter().find(|(key, _)| names.contains(key)).map(|(_, header)| *header)
            });
        let header = match (found, field.required()) {
            (Some(header), _) => header.to_owned(),
            (None, true) => saved_header.filter(|h| !h.is_empty()).unwrap_or(field.default_header()).to_owned(),
            (None, false) => String::new(),
        };
        chosen.insert(field, header);
    }
    ColumnMapping(chosen)
}

/// The header row as a person reads it: each name trimmed, and the first
/// without the byte-order mark a spreadsheet may save before it.
pub fn cleaned_headers<'a>(headers: &[&'a str]) -> Vec<&'a str> {
    headers
        .iter()
        .enumerate()
        .map(|(i, header)| if i == 0 { header.trim_start_matches('\u{feff}').trim() } else { header.trim() })
        .collect()
}

/// A header reduced to what tells it apart: lower case, no accents, letters and digits only.
fn fold_header(header: &str) -> String {
    crate::fold_for_search(header).chars().filter(char::is_ascii_alphanumeric).collect()
}

/// Finds each field's column: exact header names after trimming (and a
/// byte-order mark on the first). Errs with the required fields not found.
pub fn locate_columns(headers: &[&str], mapping: &ColumnMapping) -> Result<ColumnIndex, Vec<ImportField>> {
    let cleaned = cleaned_headers(headers);
    let mut index = ColumnIndex { positions: BTreeMap::new(), headers: BTreeMap::new() };
    let mut missing = Vec::new();
    for field in ImportField::ALL {
        let wanted = mapping.header_for(field).trim();
        // An empty header maps an optional field to no column at all.
        match cleaned.iter().position(|header| !wanted.is_empty() && *header == wanted) {
            Some(position) => {
                index.positions.insert(field, position);
                index.headers.insert(field, wanted.to_owned());
            }
            None if field.required() => missing.push(field),
            None => {}
        }
    }
    if missing.is_empty() { Ok(index) } else { Err(missing) }
}

/// One rejected cell: the row as a spreadsheet numbers it (header = 1) and the column's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    pub row: u32,
    pub column: String,
    pub reason: FieldError,
}

/// A valid row of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct RefillRow {
    pub patient_id: String,
    pub name: PersonName,
    pub date_of_birth: NaiveDate,
    pub phone_e164: String,
    pub language: Language,
    /// An explicit IANA zone from the report.
    pub time_zone: Option<String>,
    pub zip: Option<String>,
    pub rx_number: String,
    pub drug_name: String,
    pub strength: String,
    pub last_fill_date: NaiveDate,
    pub days_supply: u32,
    pub quantity: f64,
    pub refills_left: u32,
    pub prescriber_name: String,
    pub prescriber_npi: Option<String>,
}

impl RefillRow {
    /// The report's zone, else the one the ZIP suggests.
    pub fn suggested_zone(&self) -> Option<Tz> {
        self.time_zone
            .as_deref()
            .and_then(|name| parse_zone(name).ok())
            .or_else(|| self.zip.as_deref().and_then(zone_for_zip))
    }
}

/// Reads "en", "es", "English", "Spanish", "Español", "Inglés", "en-US"… in any case.
pub fn parse_language(text: &str) -> Option<Language> {
    match crate::fold_for_search(text).as_str() {
        "en" | "en-us" | "english" | "ingles" => Some(Language::English),
        "es" | "es-us" | "spanish" | "espanol" => Some(Language::Spanish),
        _ => None,
    }
}

/// Splits a last-name cell into first and second surname. Spanish particles
/// (de, del, la…) belong to the surname that follows; a hyphenated surname is one.
pub fn split_surnames(text: &str) -> (String, Option<String>) {
    const PARTICLES: &[&str] = &["de", "del", "la", "las", "los", "y", "san", "da", "van", "von", "di", "du"];
    let mut surnames: Vec<String> = Vec::new();
    let mut pending = String::new();
    for word in text.split_whitespace() {
        if !pending.is_empty() {
            pending.push(' ');
        }
        pending.push_str(word);
        if !PARTICLES.contains(&word.to_lowercase().as_str()) {
            surnames.push(std::mem::take(&mut pending));
        }
    }
    if !pending.is_empty() {
        surnames.push(pending);
    }
    let mut parts = surnames.into_iter();
    let first = parts.next().unwrap_or_default();
    let rest: Vec<String> = parts.collect();
    (first, (!rest.is_empty()).then(|| rest.join(" ")))
}

/// Validates one data row, reporting every bad cell.
pub fn parse_refill_row(columns: &ColumnIndex, record: &[&str], row: u32) -> Result<RefillRow, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut fail = |field: ImportField, reason| errors.push(RowError { row, column: columns.header(field), reason });
    let cell = |field| columns.cell(record, field);

    let text = |field: ImportField, fail: &mut dyn FnMut(ImportField, FieldError)| {
        let value = cell(field);
        if value.is_empty() && field.required() {
            fail(field, FieldError::Missing);
        }
        value.to_owned()
    };
    let patient_id = text(ImportField::PatientId, &mut fail);
    let last_name = text(ImportField::LastName, &mut fail);
    let first_name = text(ImportField::FirstName, &mut fail);
    let rx_number = text(ImportField::RxNumber, &mut fail);
    let drug_name = text(ImportField::DrugName, &mut fail);
    let strength = text(ImportField::Strength, &mut fail);
    let prescriber_name = text(ImportField::PrescriberName, &mut fail);

    // Each cell through its rule in `field_rules`; a refused cell is reported and yields `None`.
    fn kept<T>(
        fail: &mut impl FnMut(ImportField, FieldError),
        field: ImportField,
        result: Result<T, FieldError>,
    ) -> Option<T> {
        result.map_err(|reason| fail(field, reason)).ok()
    }
    let date_of_birth = kept(&mut fail, ImportField::DateOfBirth, field_rules::date(cell(ImportField::DateOfBirth)));
    let last_fill_date = kept(&mut fail, ImportField::LastFillDate, field_rules::date(cell(ImportField::LastFillDate)));
    let phone = kept(&mut fail, ImportField::Phone, field_rules::phone(cell(ImportField::Phone)));
    let language = kept(
        &mut fail,
        ImportField::Language,
        field_rules::required(cell(ImportField::Language))
            .and_then(|text| parse_language(text).ok_or(FieldError::InvalidLanguage)),
    );
    let time_zone = kept(
        &mut fail,
        ImportField::TimeZone,
        field_rules::optional(cell(ImportField::TimeZone), field_rules::time_zone).map(|zone| zone.map(Tz::name)),
    )
    .flatten()
    .map(str::to_owned);
    let zip = kept(&mut fail, ImportField::Zip, field_rules::optional(cell(ImportField::Zip), field_rules::zip))
        .flatten()
        .map(str::to_owned);
    let days_supply = kept(&mut fail, ImportField::DaysSupply, field_rules::days_supply(cell(ImportField::DaysSupply)));
    let refills_left =
        kept(&mut fail, ImportField::RefillsRemaining, field_rules::refills(cell(ImportField::RefillsRemaining)));
    // The report may leave the quantity empty.
    let quantity = kept(
        &mut fail,
        ImportField::Quantity,
        field_rules::optional(cell(ImportField::Quantity), field_rules::quantity)
            .map(|quantity| quantity.unwrap_or(0.0)),
    );
    let prescriber_npi = kept(
        &mut fail,
        ImportField::PrescriberNpi,
        field_rules::optional(cell(ImportField::PrescriberNpi), field_rules::npi),
    )
    .flatten()
    .map(str::to_owned);

    match (date_of_birth, last_fill_date, phone, language, days_supply, refills_left, quantity) {
        (
            Some(date_of_birth),
            Some(last_fill_date),
            Some(phone_e164),
            Some(language),
            Some(days_supply),
            Some(refills_left),
            Some(quantity),
        ) if errors.is_empty() => {
            let (family, second_family) = split_surnames(&last_name);
            Ok(RefillRow {
                patient_id,
                name: PersonName { given: first_name, middle: None, family, second_family },
                date_of_birth,
                phone_e164,
                language,
                time_zone,
                zip,
                rx_number,
                drug_name,
                strength,
                last_fill_date,
                days_supply,
                quantity,
                refills_left,
                prescriber_name,
                prescriber_npi,
            })
        }
        _ => Err(errors),
    }
}

/// Dates a row may not hold as of `today`: a birth in the future or more
/// than 125 years ago, a fill after today.
pub fn check_dates(columns: &ColumnIndex, row: &RefillRow, today: NaiveDate, row_number: u32) -> Vec<RowError> {
    let error = |field: ImportField, reason| RowError { row: row_number, column: columns.header(field), reason };
    [
        field_rules::birth_date(row.date_of_birth, today).err().map(|reason| error(ImportField::DateOfBirth, reason)),
        field_rules::fill_date(row.last_fill_date, today).err().map(|reason| error(ImportField::LastFillDate, reason)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "patient_id,last_name,first_name,date_of_birth,phone,language,time_zone,zip,rx_number,drug_name,strength,last_fill_date,days_supply,quantity,refills_remaining,prescriber_name,prescriber_npi";

    fn default_columns() -> ColumnIndex {
        locate_columns(&HEADER.split(',').collect::<Vec<_>>(), &ColumnMapping::default()).unwrap()
    }

    fn good_cells() -> Vec<&'static str> {
        vec![
            "P-1",
            "Núñez Peña",
            "María José",
            "03/05/1948",
            "(787) 555-0134",
            "Español",
            "",
            "00901",
            "RX1",
            "Metformin",
            "500 mg",
            "2026-11-01",
            "30",
            "60",
            "2",
            "Dr. Ruiz",
            "1234567893",
        ]
    }

    #[test]
    fn a_good_row_becomes_values() {
        let row = parse_refill_row(&default_columns(), &good_cells(), 2).unwrap();
        assert_eq!(row.name.family, "Núñez");
        assert_eq!(row.name.second_family.as_deref(), Some("Peña"));
        assert_eq!(row.name.given, "María José");
        assert_eq!(row.phone_e164, "+17875550134");
        assert_eq!(row.language, Language::Spanish);
        assert_eq!(row.date_of_birth, NaiveDate::from_ymd_opt(1948, 3, 5).unwrap());
        assert_eq!(row.suggested_zone(), Some(chrono_tz::America::Puerto_Rico));
        assert_eq!(row.prescriber_npi.as_deref(), Some("1234567893"));
    }

    #[test]
    fn columns_in_any_order_with_extras_a_bom_or_a_mapping() {
        let mut shuffled: Vec<&str> = HEADER.split(',').rev().collect();
        shuffled.insert(3, "store_number");
        assert!(locate_columns(&shuffled, &ColumnMapping::default()).is_ok());
        let bom = format!("\u{feff}{HEADER}");
        assert!(locate_columns(&bom.split(',').collect::<Vec<_>>(), &ColumnMapping::default()).is_ok());
        let renamed = HEADER.replace("last_name", "Apellidos");
        let headers: Vec<&str> = renamed.split(',').collect();
        assert_eq!(locate_columns(&headers, &ColumnMapping::default()).unwrap_err(), [ImportField::LastName]);
        let mapping = ColumnMapping([(ImportField::LastName, "Apellidos".to_owned())].into());
        assert!(locate_columns(&headers, &mapping).is_ok());
    }

    #[test]
    fn another_systems_headers_are_suggested_and_a_saved_mapping_wins() {
        let headers = [
            "Patient ID",
            "Last Name",
            "First Name",
            "DOB",
            "Phone Number",
            "Idioma",
            "Rx #",
            "Drug",
            "Fill Date",
            "Days Supply",
            "Qty",
            "Refills Left",
            "Prescriber",
            "Store",
        ];
        let mapping = suggest_mapping(&headers, &ColumnMapping::default());
        assert_eq!(mapping.header_for(ImportField::DateOfBirth), "DOB");
        assert_eq!(mapping.header_for(ImportField::RxNumber), "Rx #");
        assert_eq!(mapping.header_for(ImportField::Language), "Idioma");
        // Optional fields the file lacks map to no column; the file is then complete.
        assert_eq!(mapping.header_for(ImportField::Zip), "");
        assert!(locate_columns(&headers, &mapping).is_ok());
        // A saved choice the file has beats a suggestion; one it lacks does not hide the suggestion.
        let saved = ColumnMapping(
            [(ImportField::Phone, "Store".to_owned()), (ImportField::DrugName, "Medicine".to_owned())].into(),
        );
        let mapping = suggest_mapping(&headers, &saved);
        assert_eq!(mapping.header_for(ImportField::Phone), "Store");
        assert_eq!(mapping.header_for(ImportField::DrugName), "Drug");
        // "Not in this file" for an optional field is kept, though a header could pass for it.
        let saved = ColumnMapping([(ImportField::Quantity, String::new())].into());
        assert_eq!(suggest_mapping(&headers, &saved).header_for(ImportField::Quantity), "");
        // A required field nowhere in the file keeps a name, and is reported missing.
        let mapping = suggest_mapping(&headers[1..], &ColumnMapping::default());
        assert_eq!(mapping.header_for(ImportField::PatientId), "patient_id");
        assert_eq!(locate_columns(&headers[1..], &mapping).unwrap_err(), [ImportField::PatientId]);
    }

    #[test]
    fn a_mapped_column_is_named_by_the_files_header_in_date_problems() {
        let renamed = HEADER.replace("date_of_birth", "DOB");
        let headers: Vec<&str> = renamed.split(',').collect();
        let columns = locate_columns(&headers, &suggest_mapping(&headers, &ColumnMapping::default())).unwrap();
        let mut row = parse_refill_row(&columns, &good_cells(), 2).unwrap();
        row.date_of_birth = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(check_dates(&columns, &row, today, 2)[0].column, "DOB");
    }

    #[test]
    fn every_bad_cell_of_a_row_is_reported_with_its_column() {
        let mut cells = good_cells();
        cells[3] = "13/45/1948";
        cells[4] = "123";
        cells[5] = "klingon";
        cells[6] = "Mars/Base";
        cells[7] = "1234";
        cells[12] = "thirty";
        cells[14] = "-1";
        cells[16] = "1234567890";
        cells[8] = "";
        let errors = parse_refill_row(&default_columns(), &cells, 7).unwrap_err();
        let found: Vec<(&str, FieldError)> = errors.iter().map(|e| (e.column.as_str(), e.reason)).collect();
        assert!(errors.iter().all(|error| error.row == 7));
        for expected in [
            ("date_of_birth", FieldError::InvalidDate),
            ("phone", FieldError::InvalidPhone),
            ("language", FieldError::InvalidLanguage),
            ("time_zone", FieldError::InvalidTimeZone),
            ("zip", FieldError::InvalidZip),
            ("days_supply", FieldError::InvalidNumber),
            ("refills_remaining", FieldError::InvalidNumber),
            ("prescriber_npi", FieldError::InvalidNpi),
            ("rx_number", FieldError::Missing),
        ] {
            assert!(found.contains(&expected), "{expected:?} not in {found:?}");
        }
        let mut out_of_range = good_cells();
        out_of_range[12] = "0";
        let errors = parse_refill_row(&default_columns(), &out_of_range, 3).unwrap_err();
        assert_eq!(errors, [RowError { row: 3, column: "days_supply".into(), reason: FieldError::OutOfRange }]);
    }

    #[test]
    fn surnames_split_with_particles_and_hyphens() {
        assert_eq!(split_surnames("Núñez Peña"), ("Núñez".into(), Some("Peña".into())));
        assert_eq!(split_surnames("de la Cruz Rivera"), ("de la Cruz".into(), Some("Rivera".into())));
        assert_eq!(split_surnames("García-Márquez"), ("García-Márquez".into(), None));
        assert_eq!(split_surnames("Smith"), ("Smith".into(), None));
    }

    #[test]
    fn languages_in_either_language_and_any_case() {
        for (text, language) in [
            ("en", Language::English),
            ("English", Language::English),
            ("Inglés", Language::English),
            ("es", Language::Spanish),
            ("SPANISH", Language::Spanish),
            ("Español", Language::Spanish),
            ("espanol", Language::Spanish),
            ("es-US", Language::Spanish),
        ] {
            assert_eq!(parse_language(text), Some(language), "{text}");
        }
        assert_eq!(parse_language("fr"), None);
    }

    #[test]
    fn births_in_the_future_or_too_long_ago_and_future_fills_are_refused() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let mut row = parse_refill_row(&default_columns(), &good_cells(), 2).unwrap();
        assert!(check_dates(&default_columns(), &row, today, 2).is_empty());
        row.date_of_birth = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        row.last_fill_date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let reasons: Vec<_> = check_dates(&default_columns(), &row, today, 2).into_iter().map(|e| e.reason).collect();
        assert_eq!(reasons, [FieldError::FutureDate, FieldError::FutureDate]);
        row.date_of_birth = NaiveDate::from_ymd_opt(1890, 1, 1).unwrap();
        row.last_fill_date = today;
        assert_eq!(check_dates(&default_columns(), &row, today, 2)[0].reason, FieldError::ImplausibleDate);
    }
}
