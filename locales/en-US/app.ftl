# Enlace user interface (ui/). Every message here must also exist in es-US/app.ftl
# with the same attributes and the same variables.

## Application shell

app-name = Enlace
app-starting = Opening Enlace…
skip-to-content = Skip to main content
nav-label = Main sections
# $key (String) - the digit pressed together with Alt
nav-shortcut = Alt+{ $key }
key-escape = Esc
header-language-label = Language

## Language names, each written in its own language

language-en-US = English
language-es-US = Español

## Sections

nav-call-list = Call list
nav-consults = Consults
nav-enrollment = Enrollment
nav-patients = Patients
nav-settings = Settings

## Shared states

loading = Loading…
retry = Try again
load-failed = This information couldn’t be loaded.
value-none = —
# $name (String) - the time zone's name; $id (String) - its IANA identifier
zone-with-id = { $name } ({ $id })

## Fatal error panel (no patient data is shown)

fatal-title = Patient data can’t be opened
fatal-help = To protect patient information, Enlace shows nothing until this is fixed. Contact your supervisor or IT support and give them the message above.

## Call list

call-list-title = Call list
# $count (Number) - patients on today's call list
call-list-summary =
    { $count ->
        [one] { $count } patient to call
       *[other] { $count } patients to call
    }
# $time (String) - when the list was generated, already formatted
call-list-updated = Updated { $time }
call-list-hint = Use ↑ and ↓ to move between patients and Enter to open one.
call-list-table-label = Patients to call today
call-list-col-patient = Patient
call-list-col-language = Language
call-list-col-local-time = Local time
call-list-col-phone = Phone
call-list-col-due = Due medications
call-list-col-attempts = Attempts
call-list-empty-title = Nobody to call right now
call-list-empty-body = Patients appear here as soon as a refill reminder opens for one of their prescriptions. A new pharmacy brings its patients in with “{ call-list-import }” above.
call-window-outside = Outside calling hours
phone-none = No phone on file
# $name (String) - patient name; $phone (String) - number as displayed
call-phone-label = Call { $name } at { $phone }
# $when (String) - date and time of the last attempt, already formatted
call-list-last-attempt = Last attempt: { $when }

## Refill due status

due-today = Due today
# $days (Number) - days until the due date
due-in-days =
    { $days ->
        [one] Due in { $days } day
       *[other] Due in { $days } days
    }
# $days (Number) - days past the due date
due-overdue =
    { $days ->
        [one] { $days } day overdue
       *[other] { $days } days overdue
    }
tag-critical = Critical
tag-renewal-needed = Renewal needed
tag-consult-requested = Consult requested
tag-consult-scheduled = Consult scheduled

## Patient view

patient-back = Back to list
patient-details = Patient details
patient-dob = Date of birth
patient-preferred-language = Preferred language
patient-time-zone = Time zone
patient-local-time = Local time now
patient-phones = Phones
patient-phones-none = No phone numbers on file.
phone-kind-mobile = Mobile
phone-kind-home = Home
phone-kind-work = Work
patient-consents = Contact consents
consent-calls = Phone calls
consent-texts = Text messages
consent-voicemail-detail = Detailed voicemail
consent-yes = Yes
consent-no = No
patient-prescriptions = Prescriptions
rx-col-drug = Drug
rx-col-strength = Strength
rx-col-directions = Directions
rx-col-days-supply = Days supply
rx-col-refills-left = Refills left
rx-col-last-fill = Last fill
rx-col-due-date = Due date
rx-col-status = Status
rx-status-inactive = Inactive
# $date (String) - the day reminders start, already formatted
rx-status-not-yet = Not due yet; reminders start { $date }
rx-none = No prescriptions on file.
patient-history = Interaction history
history-col-when = Date and time
history-col-by = Recorded by
history-col-channel = Channel
history-col-outcome = Outcome
history-col-language = Language
history-col-notes = Notes
history-none = No interactions recorded yet.

## Interaction channels

channel-outbound-call = Outbound call
channel-inbound-call = Inbound call
channel-text = Text message
channel-web = Website
channel-email = E-mail
channel-letter = Letter
channel-fax = Fax
channel-walk-in = Walk-in
direction-inbound = Received
direction-outbound = Sent
party-patient = Patient
party-caregiver = Caregiver
party-prescriber-office = Prescriber’s office
party-insurer = Insurer
party-other = Someone else
reason-refill = Refill
reason-delivery = Delivery
reason-billing = Billing
reason-side-effects = Side effects
reason-pharmacist-question = Question for the pharmacist
reason-complaint = Complaint
reason-renewal = Prescription renewal
reason-other = Other

## Interaction outcomes (dispositions)

disposition-refill-confirmed = Refill confirmed
disposition-declined = Declined
disposition-wants-pharmacist = Wants a pharmacist
disposition-call-back = Call back later
disposition-voicemail-left = Voicemail left
disposition-no-answer = No answer
disposition-busy = Busy
disposition-wrong-number = Wrong number
disposition-do-not-call = Do not call

## Patients

patients-title = Patients
patients-search-label = Search by name
patients-search-placeholder = For example: Núñez
patients-search-hint = Accents and capital letters don’t matter. Use ↑ and ↓ to choose a patient and Enter to open.
patients-results-label = Search results
# $count (Number) - patients found
patients-count =
    { $count ->
        [one] { $count } patient
       *[other] { $count } patients
    }
# $shown (Number) - patients listed; $count (Number) - patients that match
patients-count-capped = Showing the first { $shown } of { $count } patients. Type a name to narrow the list.
# $query (String) - what was typed in the search box
patients-no-match = No patients match “{ $query }”.
patients-none = No patients yet. Patients you enroll will appear here.
patients-col-name = Name
patients-col-dob = Date of birth
patients-col-language = Language
patients-col-phone = Phone

## Consults

consults-title = Consults
consults-empty-title = No consult requests yet
consults-empty-body = Requests you send to a pharmacist will appear here, with their status and the time the pharmacist sets for the consult.

## Enrollment

enrollment-title = Enrollment
enrollment-empty-title = No enrollments in progress
enrollment-empty-body = Patients you start enrolling will appear here as drafts you can resume at any time until you submit them.

## Settings

settings-title = Settings
settings-language-title = Interface language
settings-language-help = Changes every screen at once and is remembered on this computer. Patient scripts stay in each patient’s own language.
settings-pharmacy-title = Pharmacy
settings-pharmacy-help = Managed by your supervisor; shown here for reference.
settings-pharmacy-name = Name
settings-pharmacy-phone = Phone
settings-pharmacy-time-zone = Time zone
settings-calling-window = Calling hours
# $start, $end (String) - local times of day, already formatted
settings-calling-window-value = { $start } to { $end }, in each patient’s local time
settings-reminder-lead = Refill reminders
# $days (Number) - days before the due date that reminders start
settings-reminder-lead-value =
    { $days ->
        [one] Start { $days } day before the due date
       *[other] Start { $days } days before the due date
    }
settings-too-soon = Earliest refill
# $percent (String) - share of the days supply, already formatted as a percentage
settings-too-soon-value = After { $percent } of the days supply has elapsed

## Working the call list

key-ctrl-enter = Ctrl+Enter
key-enter = Enter
choose = Choose…
call-list-counts = { $open } open · { $callable } callable now · { $exceptions } with the supervisor
call-list-filters = Filters
call-list-next-call = Next call { $when }
call-list-import = Import refill report…
call-list-export = Export today’s calls
call-list-exported = Saved to { $path }
filter-callable-now = Callable now
filter-overdue-only = Overdue only
filter-language = Language
filter-program = Program
filter-coordinator = Coordinator
filter-any = Any
import-row-error = Row { $row }, { $column }: { $reason }
import-title = Import a refill report
import-back = Call list
import-choose-help = Choose the refill report your pharmacy system saves as a CSV file (a spreadsheet saved as “CSV”). Before anything is written you match its columns, see its first rows and its problems, and see what the import will change.
import-choose-file = Choose a CSV file…
import-choose-another = Choose another file…
import-reading-file = Reading the file…
import-mapping-title = Columns
import-mapping-help = Which column of this file holds each field. Suggestions come from the column names; your choices are kept for the next report. Fields marked * are required.
import-map-choose = Choose a column…
import-map-none = Not in this file
import-missing-columns = Choose a column for: { $fields }.
import-preview-summary = { $rows } rows: { $patientsCreated } new and { $patientsUpdated } updated patients, { $prescriptionsCreated } new and { $prescriptionsUpdated } updated prescriptions, { $unchanged } unchanged. { $problems ->
    [0] No row has a problem.
    [one] One row has a problem and will be left out.
   *[other] { $problems } rows have problems and will be left out.
  }
import-first-rows = First rows of the file
import-problem-rows = Rows with problems (first { $shown } of { $total })
import-problem-rows-help = Rows with problems are left out; the others are imported. Fix them in the pharmacy system and import the next report.
import-row = Row
import-problems = Problems
import-row-ok = OK
import-cell-problem = { $column }: { $reason }
import-confirm = { $rows ->
    [one] Import one row
   *[other] Import { $rows } rows
  }
import-stage-reading = Reading the rows…
import-stage-matching = Matching them with the patients already here…
import-stage-writing = Writing patients and prescriptions…
import-stage-saving = Updating the call list and saving…
import-progress-rows = Rows read: { $done } of { $total }
import-progress-patients = Patients written: { $done } of { $total }
import-progress-prescriptions = Prescriptions written: { $done } of { $total }
import-progress-problems = Rows with problems so far: { $problems }
import-cancel-help = Nothing is saved until the import finishes: cancelling leaves everything as it was.
import-cancel = Cancel import
import-cancelling = Cancelling…
import-cancelled = Import cancelled. Nothing was written.
import-done = Read { $rows } rows: { $patientsCreated } new and { $patientsUpdated } updated patients, { $prescriptionsCreated } new and { $prescriptionsUpdated } updated prescriptions, { $unchanged } unchanged; { $rejected ->
    [0] no row left out.
    [one] one row left out.
   *[other] { $rejected } rows left out.
  }
import-left-out-help = These rows were left out:
import-more-problems = …and { $more } more problems.
import-to-call-list = Go to the call list
import-field-patient-id = Patient ID
import-field-last-name = Last name(s)
import-field-first-name = First name
import-field-date-of-birth = Date of birth
import-field-phone = Phone
import-field-language = Language
import-field-time-zone = Time zone
import-field-zip = ZIP code
import-field-rx-number = Rx number
import-field-drug-name = Drug
import-field-strength = Strength
import-field-last-fill-date = Last fill date
import-field-days-supply = Days supply
import-field-quantity = Quantity
import-field-refills-remaining = Refills left
import-field-prescriber-name = Prescriber
import-field-prescriber-npi = Prescriber NPI

call-title = Call
call-timer-label = Call duration
call-timer-restart = Restart timer
call-shortcuts = Tick name and date of birth (Space), pick the outcome with 1–9, type notes, save with Ctrl+Enter.
call-outside-window = This patient can’t be called at this time.
call-outside-window-until = Outside this patient’s calling hours; next allowed { $when } (patient’s time).
verify-title = Verify identity before discussing medications
verify-name = Name confirmed: { $name }
verify-dob = Date of birth confirmed: { $date }
verify-first = Medications show once name and date of birth are confirmed.
script-title = Script ({ $language })
voicemail-title = Voicemail (no medication names)
outcome-title = Outcome
outcome-fulfillment = Pickup or delivery
outcome-refill-date = On
outcome-decline-reason = Reason
outcome-suggest-consult = Offer a pharmacist consult: cost and side effects are often solvable.
outcome-callback-at = Call back at (patient’s time, { $zone })
outcome-language = Language used
outcome-interpreter = Interpreter used
outcome-notes = Notes
outcome-save = Save call
outcome-disposition-missing = Pick an outcome (1–9).
outcome-error-refill-details-missing = Enter the pickup or delivery date.
outcome-error-refill-date-in-past = The pickup or delivery date is in the past.
outcome-error-decline-reason-missing = Choose why the patient declined.
outcome-error-callback-time-missing = Enter when to call back.
outcome-error-callback-in-past = The call-back time has already passed.
outcome-error-callback-outside-window = The call-back time is outside the patient’s calling hours.
outcome-error-duration-implausible = The call timer ran for more than four hours; restart it.
outcome-error-direction-mismatch = That direction doesn’t fit the channel.
outcome-error-reason-missing = Choose what the contact was about, or an outcome.
outcome-error-not-an-attempt = Only a call or message the pharmacy started can go unanswered or reach a wrong number.
outcome-error-outcome-needs-patient = Only the patient or their caregiver can answer the refill question.
fulfillment-pickup = Pickup
fulfillment-delivery = Delivery
decline-has-supply = Has enough supply
decline-stopped-therapy = Stopped the therapy
decline-cost = Cost
decline-side-effects = Side effects
call-saved = Saved: { $outcome }.
call-next-now = The next attempt can be made now.
call-next-at = Next attempt: { $mine } your time · { $theirs } patient’s time
call-next-none = No further calls for this patient.
call-next-resolved = Resolved until the next refill.
call-next-exception-attempt-cap = No more attempts: sent to the supervisor’s exception queue.
call-next-exception-wrong-number = Wrong number: sent to the supervisor’s exception queue.
call-next-patient = Next patient

## The call script, in the patient's language

script-greeting = Hello, may I speak with { $name }? I’m calling from { $pharmacy } about your prescriptions.
script-verify = Before we continue, could you please confirm your full name and date of birth?
script-medications = { $count ->
    [one] Our records show this medication is ready for a refill:
   *[other] Our records show these medications are ready for a refill:
}
script-medication = { $drug } { $strength }, due { $date }
script-ask = { $count ->
    [one] Would you like us to refill it for pickup or delivery?
   *[other] Would you like us to refill them for pickup or delivery?
}
script-closing = If you have any questions, please call { $pharmacy } at { $phone }. Thank you!
voicemail-script = Hello, this message is for { $name }. This is { $pharmacy } calling. Please call us back at { $phone }. Thank you.

## Signing in, the first supervisor, the lock screen

sign-in-title = Sign in
sign-in-submit = Sign in
first-run-title = Set up Enlace
first-run-help = This pharmacy has no users yet. Create the first supervisor; they add everyone else.
first-run-submit = Create supervisor and sign in
user-display-name = Full name
user-username = Username
user-password = Password
user-password-rule = At least 10 characters. A phrase of a few words is easy to remember and hard to guess.
lock-title = Enlace is locked
lock-help = Locked to protect patient information. { $name }, enter your password or PIN to continue where you left off.
lock-secret = Password or PIN
lock-unlock = Unlock
lock-switch-user = Switch user
lock-switch-user-help = Switching user signs { $name } out; work not yet saved is discarded.
session-lock = Lock
session-sign-out = Sign out
settings-idle-lock = Automatic lock
settings-idle-lock-value = { $minutes ->
    [one] After one minute without activity
   *[other] After { $minutes } minutes without activity
}

## Users, PIN and the audit trail (Settings)

role-coordinator = Coordinator
role-pharmacist = Pharmacist
role-supervisor = Supervisor
users-title = Users
users-help = Everyone signs in as themselves. Disabled users can’t sign in; what they did stays in the audit trail.
user-roles = Roles
user-languages = Speaks
user-ui-locale = Interface language
user-status = Status
user-actions = Actions
user-active = Active
user-disabled = Disabled
user-disable = Disable
user-enable = Enable
user-reset-password = Reset password
user-new-password = New password for { $name }
user-reset-password-save = Save password
user-add-title = Add a user
user-add = Add user
user-added = { $name } can now sign in.
update-available = Enlace { $version } is available
update-whats-new = What’s new
update-install = Install and restart
update-installing = Installing the update…
update-later = Later
update-call-open = Finish the open call first: installing restarts Enlace.
updates-title = Updates
updates-help = Enlace gets its updates from the pharmacy’s own server, checked when you sign in and every few hours. An update installs only when you choose, and only if its signature proves it comes from Enlace.
updates-check = Check for updates now
updates-checking = Checking…
updates-up-to-date = Enlace is up to date.
backup-title = Backup
backup-help = A backup holds all of this computer’s patient data, encrypted with a passphrase of at least 12 characters. Keep the passphrase apart from the file: without it nobody, not even you, can open the backup. To restore it on another computer: enlace restore FILE.
backup-passphrase = Passphrase
backup-passphrase-again = Passphrase again
backup-save = Save backup…
backup-saving = Saving backup…
backup-saved = Backup of { $patients } patients saved to { $path }.
pin-title = Quick-unlock PIN
pin-help = A PIN of 4 to 8 digits unlocks your own locked session. Signing in always takes your password.
pin-label = New PIN
pin-save = Save PIN
pin-remove = Remove PIN
pin-saved = Your PIN is saved.
pin-removed = Your PIN is removed; unlock with your password.
audit-title = Audit trail
audit-help = Every sign-in, patient record opened, change and export, newest first. Filter by user, record or date.
audit-user = User
audit-record = Record id
audit-from = From
audit-until = Until
audit-when = When
audit-action = Action
audit-export = Export CSV
audit-exported = Saved to { $path }
audit-empty = No events match.
audit-action-sign-in = Signed in
audit-action-sign-in-failed = Failed sign-in
audit-action-sign-out = Signed out
audit-action-lock = Locked
audit-action-unlock = Unlocked
audit-action-view = Opened
audit-action-change = Changed
audit-action-export = Exported
audit-action-import = Imported
audit-entity-patient = Patient
audit-entity-user = User
audit-entity-exception-case = Exception item
audit-entity-web-request = Web request
audit-entity-task = Follow-up task
settings-pharmacy-help-supervisor = You manage these settings for everyone at the pharmacy.
settings-edit-title = Change settings
settings-window-start = Calls from
settings-window-end = Calls until
settings-lead-days = Reminder lead (days)
settings-too-soon-percent = Earliest refill (% of supply)
settings-retry-hours = Retry after (hours)
settings-max-attempts = Attempts before exception
settings-daily-limit = Calls per day
settings-weekly-limit = Calls per 7 days
settings-idle-minutes = Lock after (minutes idle)
settings-task-escalation = Overdue tasks reach the desk after (hours)
settings-task-escalation-fact = Overdue follow-up tasks
settings-task-escalation-value = { $hours ->
    [one] On the supervisor’s desk one hour past due
   *[other] On the supervisor’s desk { $hours } hours past due
}
settings-programs = Programs (one per line)
settings-programs-help = Offered when a patient is enrolled, and as a filter of the call list.
settings-save = Save settings
settings-saved = Settings saved. They apply on every computer after the next sync.
settings-problem-name-missing = The pharmacy needs a name.
settings-problem-phone-invalid = The callback number isn’t a valid phone number.
settings-problem-time-zone-unknown = The time zone isn’t known.
settings-problem-calling-window = Calling hours must start before they end, within 8:00 AM to 9:00 PM.
settings-problem-reminder-lead-days = Reminders can start at most 30 days before the due date.
settings-problem-too-soon-percent = The earliest refill must be between 50% and 100% of the supply.
settings-problem-retry-after-hours = Retry after 1 to 72 hours.
settings-problem-max-attempts = Allow 1 to 10 attempts.
settings-problem-call-limits = Allow 1 to 3 calls a day, and at least as many (up to 14) per 7 days.
settings-problem-idle-lock-minutes = Lock after 1 to 60 minutes without activity.
settings-problem-task-escalation-hours = Overdue tasks reach the desk after 1 to 168 hours (a week).
settings-problem-address-zip = The address’s ZIP code must be 5 digits (or ZIP+4).
settings-problem-address-state = The address’s state must be two letters (AZ, PR…).
settings-problem-programs = Programs must each have a name of at most 40 characters, appear once, and number 20 at most.
availability-problem-slot-length = Consult slots last 5 to 120 minutes.
availability-problem-hours-backwards = Hours must end after they start.
availability-problem-exception-overlap = A date is listed twice, or extra hours overlap.
patient-audit-trail = Audit trail

## Consults

consult-time = { $yours } your time · { $patients } patient’s time
consult-queue-title = Waiting for a pharmacist
consult-queue-empty-title = No requests waiting
consult-queue-empty-body = Requests from coordinators appear here, most urgent and oldest first.
consult-schedule-title = My scheduled consults
consult-schedule-empty = Nothing scheduled.
consult-mine-title = My requests
consult-you-speak-it = You speak it
consult-interpreter-needed = Interpreter needed
consult-requested = Requested by { $who } on { $when }
consult-accept = Accept…
consult-proposed = Times that suit the patient (earliest first)
consult-confirm = Accept this time
consult-no-slot = No free time in the next three weeks fits the patient’s hours. Decline with a reason or set more hours.
consult-speaker-offer = { $pharmacist } speaks { $language ->
        [es-US] Spanish
       *[en-US] English
    } and is free { $time }. The patient is offered them first: leave this request for them, or accept it with an interpreter.
consult-decline = Decline
consult-decline-reason = Reason
consult-outcome = Outcome notes
consult-complete = Completed
consult-no-show = No-show
consult-declined-because = Declined: { $reason }
consult-request-title = Pharmacist consult
consult-request-open = Request a pharmacist consult…
consult-request-send = Send to pharmacists
consult-request-sent = Sent. A pharmacist will schedule it; follow it under Consults.
consult-reason = Reason
consult-reason-text = Details
consult-urgency = Urgency
consult-language = Language
consult-preferred-from = Patient free from
consult-preferred-until = until
consult-callback = Callback number
consult-preferred-help = Times on the patient’s clock ({ $zone }); leave empty for any time.
consult-notes = Notes for the pharmacist
consult-reason-new-medication = New medication
consult-reason-side-effects = Side effects
consult-reason-interaction-question = Interaction question
consult-reason-adherence = Adherence
consult-reason-cost = Cost
consult-reason-other = Other
urgency-today = Today
urgency-this-week = This week
urgency-routine = Routine
consult-status-requested = Requested
consult-status-scheduled = Scheduled
consult-status-completed = Completed
consult-status-no-show = No-show
consult-status-cancelled = Cancelled
consult-status-declined = Declined
hours-title = My consult hours
hours-help = When you take consults each week, on the clock of { $zone }. Consults are booked in slots of the length below.
hours-start = From
hours-end = Until
hours-slot-minutes = Minutes per consult
hours-save = Save hours
hours-saved = Your hours are saved.
hours-exceptions-title = Days off and extra hours
hours-exceptions-none = None coming up: every week follows the hours above.
hours-exception-date = Date
hours-exception-kind = What changes
hours-exception-day-off = Day off
hours-exception-extra = Extra hours
hours-exception-extra-range = Extra hours { $start }–{ $end }
hours-exception-add = Add
hours-exception-remove = Remove
consult-none-open = No open consult.
notify-urgent-title = Urgent consult request
notify-urgent-body = A patient needs a pharmacist today ({ $language }). Open Enlace › Consults.
notify-accepted-title = Consult scheduled
notify-accepted-body = A pharmacist accepted one of your consult requests.
notify-declined-title = Consult declined
notify-declined-body = A pharmacist declined one of your consult requests; see the reason under Consults.
consult-calendar-view = Calendar view
consult-calendar-day = Day
consult-calendar-week = Week
consult-calendar-previous = ‹ Previous
consult-calendar-today = Today
consult-calendar-next = Next ›
consult-reschedule = Another time…
consult-reschedule-confirm = Move to this time
call-request-consult = Request the pharmacist consult now

# A pharmacy's first day: set up before anything else opens.
setup-pharmacy-title = Set up your pharmacy
setup-pharmacy-help-supervisor = Describe your pharmacy once. Its callback number is read out in every script and voicemail; its time zone applies to patients who have none. The defaults below suit most pharmacies, and everything can be changed later in Settings. The call list, consults, enrollment and the desk open once the pharmacy exists.
setup-pharmacy-help-other = This pharmacy isn’t set up yet, so there is nothing to work on. A supervisor sets it up after signing in on this computer, or connects this computer to the pharmacy’s server (Settings → Pharmacy server), which then sends it here.
setup-pharmacy-form-title = The pharmacy
setup-pharmacy-phone-help = The number patients call back.
setup-pharmacy-zone-choose = Choose the pharmacy’s time zone
setup-pharmacy-save = Set up the pharmacy

# Correcting a patient's record from their page.
patient-correct = Correct contact details…
patient-correct-title = Correct contact details
patient-correct-phones-help = The first number is the one called. Numbers can be typed as the patient says them.
patient-correct-save = Save corrections
patient-correct-cancel = Cancel
patient-phone-kind = Kind
patient-phone-number = Number
patient-phone-called-first = Called first
patient-phone-call-first = Call this one first
patient-phone-remove = Remove
patient-phone-remove-label = Remove { $number }
patient-phone-add = Add a number
patient-zone-from-zip = From the ZIP code (or the pharmacy’s)
patient-calling-hours-from = Call from (optional)
patient-calling-hours-until = Call until
patient-calling-hours-problem = Give both times, the first before the second, within 8:00 AM to 9:00 PM.
patient-status-active = Served by the pharmacy
patient-status-deceased = Deceased
patient-status-moved-away = Moved away
patient-status-off-lists = The patient leaves every call list at once; their history stays.
patient-changes = Changes to this record
patient-change-line = { $when }: { $who } changed { $fields }
patient-field-phones = phones
patient-field-language = preferred language
patient-field-time-zone = time zone
patient-field-zip = ZIP code
patient-field-calling-hours = calling hours
patient-field-status = status
patient-correct-no-profile = An address and a caregiver or authorized contact are recorded when the patient is enrolled.
patient-correct-address-zip = The ZIP code above is the address's.
patient-correct-caregiver-help = Clearing the name removes the person, and with them what they may be told.
patient-field-address = address
patient-field-caregiver = caregiver
patient-field-consent = consent
patient-field-name = name
patient-field-date-of-birth = date of birth
patient-field-program = program
patient-field-assigned-to = coordinator
patient-field-external-id = pharmacy system id
patient-zip-label = ZIP code
patient-status-label = Status
patient-change-created = { $when }: { $who } created the record
patient-zone-confirmed = Confirmed with the patient
patient-zone-suggested = Suggested by the ZIP code: confirm it with the patient.

## The recovery key: shown to a supervisor until written down; typed back when the keyring lost the key.
recovery-title = Write down this computer’s recovery key
recovery-intro = If this computer’s keyring ever loses the key to its patient data, this recovery key opens the data again. Print it or write it down, and keep it locked away, apart from the computer. It is shown until someone confirms it was written down, then never again.
recovery-device = Computer { $device }
recovery-print = Print
recovery-confirm-label = To confirm, type the key’s last group (4 characters)
recovery-confirm = I have written it down
recovery-later = Later
recovery-banner = This computer’s recovery key has not been written down yet.
recovery-banner-show = Show the recovery key
recovery-confirmed = Recovery key confirmed. It will not be shown again.
recover-title = Open the patient data with the recovery key
recover-help = Type the recovery key a supervisor wrote down when this computer was set up (14 groups of four letters and digits). Without it, join the pharmacy’s server again in a new data folder to rebuild this computer; the data here is never deleted.
recover-label = Recovery key
recover-submit = Open with the recovery key

## After Enlace stopped unexpectedly: shown once at the next start.
crash-notice = { $count ->
    [one] Enlace closed unexpectedly last time. It left a report for IT, without patient data, in the logs folder.
   *[other] Enlace closed unexpectedly { $count } times. It left reports for IT, without patient data, in the logs folder.
}
crash-open-logs = Open the logs folder
crash-dismiss = Dismiss

## The caller on the line (Alt+C): every record the caller's number is on.
caller-open = Caller on the line
caller-title = Caller on the line
caller-number = Caller’s number
caller-number-hint = Type or paste it as the phone shows it: 305.555.0134, (305) 555-0134 ext. 12, +52 55 1234 5678.
caller-find = Find
caller-found = { $count ->
    [0] No record has { $number }.
    [one] { $number } is on one record.
   *[other] { $number } is on { $count } records.
}
caller-matches-label = Records with this number
caller-nobody-help = Ask the caller’s name and date of birth and search by name, or enroll them as a new patient.
caller-more = { $more } more records have this number: search by name to find the one calling.
caller-role-patient = Patient’s own number
caller-role-caregiver = Caregiver: { $name }
caller-role-prescriber-office = Prescriber’s office: { $name }
caller-inactive = No longer served
caller-enroll = Enroll as a new patient
caller-search-by-name = Search by name
caller-close = Close

## Inbound calls, logged contacts and follow-up tasks

nav-tasks = My tasks
call-title-inbound = Inbound call
call-title-outbound = Outbound call
inbound-greeting = Thank you for calling { $pharmacy }, this is { $coordinator }. May I have your name and date of birth?
inbound-party = Who is calling
inbound-reason = What the call is about
inbound-no-outcome = No reminder outcome (the call was about something else)
reason-none = Not given
patient-inbound-call = Inbound call
patient-outbound-call = Document a call
patient-log-contact = Log a contact
contact-title = Log a contact
contact-channel = Channel
contact-direction = Direction
contact-party = Who
contact-reason = About
contact-when = When (your time)
contact-minutes = Minutes
contact-notes = Notes
contact-language = Language
contact-interpreter = An interpreter was used
contact-save = Save contact
contact-cancel = Cancel
contact-saved = Contact saved.
contact-add-task = Add a follow-up task
history-col-who = With
history-col-about = About
history-direction = {" · "}{ $direction }
tasks-title = Follow-up tasks
tasks-none = No follow-up tasks.
task-new = New task
task-title = New follow-up task
task-reason = Reason
task-due-date = Due date
task-due-time = Due time
task-clock = On whose clock
task-clock-patient = The patient’s ({ $zone })
task-clock-coordinator = Mine ({ $zone })
task-assignee = For
task-assignee-me = Me
task-assignee-any-coordinator = Any coordinator
task-assignee-any-pharmacist = Any pharmacist
task-notes = Notes
task-save = Create task
task-cancel-form = Cancel
task-created = Task created.
task-due = Due { $mine }
task-due-theirs = {" · "}{ $theirs } patient’s time
task-for = For { $who }
task-for-any-coordinator = For any coordinator
task-for-any-pharmacist = For any pharmacist
task-overdue = Overdue
task-due-later = Due later
task-status-open = Open
task-escalated = Overdue: on the desk
task-outside-hours = Due outside the patient’s calling hours
task-status-done = Done by { $who }
task-status-cancelled = Cancelled by { $who }
task-done = Done
task-snooze-hour = Snooze 1 hour
task-snooze-tomorrow = Snooze to tomorrow, same time
task-history-line = { $when } — { $what }
task-reassign = Reassign
task-reassign-to = Reassign to
task-reassign-save = Reassign
task-cancel = Cancel task
task-history = History
task-event-created = Created by { $who }
task-event-done = Done by { $who }
task-event-reassigned = Reassigned by { $who }
task-event-snoozed = Snoozed by { $who }
task-event-cancelled = Cancelled by { $who }
task-no-patient = No patient
task-open-patient = Open { $name }
task-problem-due-in-past = The due time has already passed.
task-problem-assignee-missing = Choose who the task is for.
task-problem-closed = This task is already closed.
task-problem-snooze-not-later = Choose a later time.
my-tasks-title = My tasks
my-tasks-empty = Nothing due: no open tasks for you.
my-tasks-summary = { $count ->
    [one] One open task
   *[other] { $count } open tasks
}, { $overdue } overdue
my-tasks-link = { $count ->
    [one] One task due for you
   *[other] { $count } tasks due for you
}
desk-tasks-title = Overdue follow-up tasks
desk-tasks-none = No task is overdue past the pharmacy’s setting.
renewal-contact = { $channel } ({ $direction }), { $when } — { $who }
