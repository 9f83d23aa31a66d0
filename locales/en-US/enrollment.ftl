# Enrolling a patient (the Enrollment section).

enroll-new-spanish = New enrollment (Spanish-speaking patient)
enroll-new-english = New enrollment (English-speaking patient)
enroll-my-drafts = My drafts
enroll-other-drafts = Other drafts in progress
enroll-draft-unnamed = (no name yet)
enroll-draft-meta = Started by { $started } · last changed by { $updated } on { $when }

enroll-unsaved = Nothing typed yet.
enroll-saving = Saving…
enroll-saved = Draft saved { $when } ({ $who }).
enroll-save-failed = Not saved yet: Enlace will try again in a moment.
enroll-problems-title = { $count ->
    [one] One thing to fix before enrolling:
   *[other] { $count } things to fix before enrolling:
}

enroll-section-patient = Patient
enroll-preferred-language = Preferred language
enroll-interpreter-wanted = Wants an interpreter
enroll-given-name = First name
enroll-middle-name = Middle name
enroll-family-name = Last name
enroll-second-family-name = Second last name
enroll-date-of-birth = Date of birth
enroll-date-placeholder = MM/DD/YYYY
enroll-sex = Sex
enroll-sex-unset = —
enroll-sex-female = Female
enroll-sex-male = Male
enroll-sex-other = Other
enroll-sex-not-stated = Prefers not to say
enroll-program = Program
enroll-program-placeholder = e.g. Med Sync
enroll-address-line1 = Street address
enroll-address-line2 = Apt., suite
enroll-city = City
enroll-state = State
enroll-zip = ZIP code
enroll-time-zone = Time zone
enroll-zone-suggested = From the ZIP code: { $zone }
enroll-zone-pharmacy = The pharmacy’s
enroll-phones = Phones
enroll-phone-kind = Type
enroll-phone-number = Number
enroll-add-phone = Add a phone
enroll-remove = Remove
enroll-email = E-mail

enroll-section-caregiver = Caregiver or authorized contact
enroll-caregiver-help = Leave empty if there is none.
enroll-caregiver-name = Name
enroll-caregiver-relationship = Relationship
enroll-caregiver-phone = Phone
enroll-caregiver-may-discuss = The patient allows us to discuss their health with this person

enroll-section-insurance = Insurance
enroll-uninsured = No insurance (pays cash)
enroll-primary-plan = Primary plan
enroll-secondary-plan = Secondary plan
enroll-has-secondary = Has secondary insurance
enroll-plan-name = Plan name
enroll-member-id = Member ID
enroll-group-number = Group
enroll-bin = BIN
enroll-pcn = PCN
enroll-cardholder-relationship = Patient is the cardholder’s
enroll-cardholder-self = Self (cardholder)
enroll-cardholder-spouse = Spouse
enroll-cardholder-child = Child
enroll-cardholder-other = Other

enroll-section-prescriber = Prescriber
enroll-prescriber-name = Name
enroll-prescriber-npi = NPI
enroll-prescriber-npi-hint = 10 digits
enroll-prescriber-phone = Phone
enroll-prescriber-fax = Fax

enroll-section-medications = Medications
enroll-drug = Drug
enroll-strength = Strength
enroll-directions = Directions
enroll-days-supply = Days supply
enroll-quantity = Quantity
enroll-refills = Refills left
enroll-last-fill-date = Last filled
enroll-critical = Specialty or critical therapy
enroll-add-medication = Add a medication

enroll-section-allergies = Allergies
enroll-allergies-none-known = No known allergies
enroll-allergies-list = Allergies (one per line)

enroll-section-consents = Consents
enroll-consent-calls = Phone calls about prescriptions
enroll-consent-texts = Text messages
enroll-consent-voicemail-detail = Voicemails may name medications
enroll-consent-read-aloud = Read this aloud to the patient, in { $language }:
enroll-record-consent = The patient agreed: record verbal consent
enroll-consent-verbal = Verbal consent
enroll-consent-recorded = Recorded by { $who } on { $when } · read in { $language } · text { $version }
enroll-privacy-notice = The patient acknowledges receiving the privacy notice
enroll-auto-refill = Enroll in automatic refills

enroll-submit = Enroll patient
enroll-close = Back to drafts (the draft is kept)
enroll-discard = Discard draft
enroll-duplicate-title = This patient may already be in Enlace
enroll-duplicate-body = Same date of birth and a matching name. Is this the same person?
enroll-same-patient = Same patient: update this record
enroll-new-patient = A different person: create a new patient
enroll-done-created = { $name } is enrolled.
enroll-done-updated = { $name }’s record is updated.
enroll-print = Print or save as PDF…
enroll-open-patient = Open the patient
enroll-back-to-drafts = Back to drafts

# On the patient's page.
patient-profile = Enrollment
profile-plan = { $plan } (member { $member }, BIN { $bin })
profile-prescriber = { $name }, NPI { $npi }
profile-may-discuss = may discuss health
profile-enrolled = Enrolled
profile-enrolled-by = by { $who } on { $when }
consent-history-granted = Consent recorded by { $who } on { $when } · read in { $language } · text { $version }
consent-history-revoked = Revoked, recorded by { $who } on { $when } ({ $language })
consent-revoke-open = Record a revocation…
consent-revoke-help = The patient takes back consent. Untick what they no longer allow; it takes effect at once.
consent-revoke-save = Record revocation
consent-revoke-cancel = Cancel

# Why a form field was refused (field-error-<reason>); the same reasons as import-error-*.
field-error-missing = Required.
field-error-invalid-date = Not a date: use MM/DD/YYYY.
field-error-future-date = This date is in the future.
field-error-implausible-date = This date is too far in the past.
field-error-invalid-phone = Not a valid phone number: include the area code.
field-error-invalid-language = Not a language Enlace knows.
field-error-invalid-time-zone = Not a time zone Enlace knows.
field-error-invalid-zip = A ZIP code has 5 digits, or 9 (12345-6789).
field-error-invalid-state = A state is its two-letter code (AZ, PR…).
field-error-invalid-number = Enter a number.
field-error-out-of-range = This number is out of range.
field-error-invalid-npi = Not a valid NPI: 10 digits, the last one a check digit.
field-error-invalid-bin = A BIN has 6 digits.
field-error-invalid-email = Not an e-mail address.

enrollment-problem-no-phone = Add at least one phone number.
enrollment-problem-no-medication = Add at least one medication.
enrollment-problem-allergies-unanswered = List the allergies, or tick “No known allergies”.
enrollment-problem-allergies-contradict = Allergies are listed and “No known allergies” is ticked: keep one.
enrollment-problem-privacy-notice-not-acknowledged = The patient must acknowledge the privacy notice.
enrollment-problem-verbal-consent-missing = Read the consent text to the patient and record their answer.
enrollment-problem-verbal-consent-outdated = The consents changed after the patient agreed: read the text again and record it.
enrollment-problem-voicemail-without-calls = Detailed voicemails need consent to calls.
enrollment-problem-texts-without-mobile = Texts need a mobile number.

# Consent texts read aloud to patients. Never edit a version once used: add the next one
# (consent-text-v2) and point enlace_domain::CONSENT_TEXT_VERSION at it.
consent-text-v1 = { $pharmacy } would like to call you about your prescriptions, for example to remind you of refills, and, if you agree, to send you text messages and leave voicemails that may name your medications. You can say no, and you can change your mind at any time by calling us at { $phone }. Saying no will not affect your care. Do you agree to the choices we just went over?

# The enrollment summary, printed in the patient's language.
summary-title = Enrollment summary
summary-date = Enrolled on { $date }
summary-patient = Patient
summary-date-of-birth = Date of birth
summary-language = Language
summary-interpreter = interpreter wanted
summary-address = Address
summary-phones = Phones
summary-caregiver = Caregiver
summary-insurance = Insurance
summary-uninsured = No insurance
summary-plan = { $plan }, member ID { $member }
summary-prescriber = Prescriber
summary-prescriber-line = { $name } (NPI { $npi })
summary-medications = Medications
summary-days-supply = { $days ->
    [one] { $days } day supply
   *[other] { $days } days supply
}
summary-allergies = Allergies
summary-no-allergies = None known
summary-contact = We may contact you by
summary-consent-calls = phone calls
summary-consent-texts = text messages
summary-consent-voicemail = voicemails naming medications
summary-auto-refill = Automatic refills
summary-privacy-notice = Privacy notice received
summary-yes = yes
summary-no = no
summary-consent-title = What we read to you
summary-consent-recorded = Agreed verbally; recorded by { $who } on { $date } (text { $version }).
