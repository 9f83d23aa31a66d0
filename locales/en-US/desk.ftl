# The desk: exception queue, productivity, adherence; flags from calls; web requests.

nav-desk = Desk
desk-title = Desk
desk-tabs = Desk sections
desk-tab-exceptions = Exceptions
desk-tab-tasks = Overdue tasks
desk-tab-productivity = Productivity
desk-tab-adherence = Adherence

## Exception queue

exceptions-title = { $count ->
    [0] Exception queue
    [one] Exception queue: 1 open item
   *[other] Exception queue: { $count } open items
}
exceptions-title-mine = { $count ->
    [0] Assigned to you
    [one] Assigned to you: 1 item
   *[other] Assigned to you: { $count } items
}
exceptions-empty-title = Nothing waiting
exceptions-empty-body = Flags from calls and the rules’ items (attempt cap, wrong number, renewals) appear here.
exceptions-empty-body-mine = Items a supervisor assigns to you appear here.
exceptions-resolved = { $count ->
    [one] Resolved this week (1)
   *[other] Resolved this week ({ $count })
}
exception-raised-by = Flagged by { $who } { $when }
exception-raised-by-rule = Raised by rule { $when }
exception-assigned-to-you = Assigned to you. Tell your supervisor what you found.
exception-work-label = Work the item for { $patient }
exception-assignee = Assigned to
exception-assignee-nobody = Nobody
exception-outcome = Outcome
exception-resolution-note = Note
exception-resolve = Resolve
exception-resolved-line = { $outcome } by { $who }, { $when }

severity-high = Urgent
severity-medium = Needs action
severity-low = Good news

exception-kind-attempt-cap = Attempt limit reached
exception-kind-wrong-number = Wrong number
exception-kind-renewal-needed = Renewal needed
exception-kind-disconnected = Disconnected number
exception-kind-hospitalized = In hospital
exception-kind-deceased = Reported deceased
exception-kind-complaint = Complaint or problem
exception-kind-compliment = Compliment
exception-kind-save = Adherence save

exception-outcome-reached-otherwise = Reached another way
exception-outcome-number-updated = Phone number corrected
exception-outcome-renewal-requested = Renewal requested from the prescriber
exception-outcome-removed-from-calls = Removed from calls
exception-outcome-acknowledged = Noted

exception-problem-not-a-flag = That kind is raised by the rules, not flagged.
exception-problem-note-required = Add a note saying what happened.
exception-problem-note-too-long = The note is too long (2,000 characters at most).
exception-problem-outcome-does-not-fit = That outcome does not fit this item.
exception-problem-already-resolved = Someone already resolved this item.
exception-problem-number-required = Type the patient’s new number: it replaces the one that was called.
exception-problem-number-invalid = The new number isn’t a valid phone number.
exception-new-number = New number (replaces the one called)

## Flag for supervisor

flag-open = Flag for supervisor
flag-title = Flag for supervisor
flag-kind = What happened
flag-note = Note (required)
flag-note-optional = Note (optional)
flag-send = Send to supervisor
flag-cancel = Cancel
flag-sent = Sent to your supervisor’s queue.

## Productivity

productivity-title-team = Team productivity
productivity-title-mine = Your productivity
productivity-period = Period
productivity-today = Today
productivity-this-week = This week
productivity-range = Choose dates
productivity-first-day = From
productivity-last-day = To
productivity-days = { $first } to { $last }
productivity-export = Export CSV
productivity-exported = Saved to { $path }
productivity-none = No calls in this period.
productivity-person = Coordinator
productivity-team = Team
productivity-calls = Calls made
productivity-inbound-calls = Calls taken
productivity-other-contacts = Other contacts
productivity-reached = Patients reached
productivity-reached-calls = Reached
productivity-reach-rate = Reach rate
productivity-refills = Refills confirmed
productivity-consults = Consults requested
productivity-handle = Average handle time
productivity-handle-time = { $minutes } min { $seconds } s
productivity-exceptions = Exceptions raised
productivity-chart-people = Calls per coordinator
productivity-chart-days = Calls per day

## Adherence

adherence-title = Adherence (last 180 days)
adherence-method = Proportion of days covered (PQA): overlapping fills shift forward, each day counts once; 80% or more is adherent.
adherence-percent = { $percent }% covered ({ $covered } of { $days } days)
adherence-percent-short = { $percent }%
adherence-not-measured = Not measured (one fill)
adherence-fills = { $count ->
    [one] 1 fill
   *[other] { $count } fills
}
adherence-none-title = No fills in the period
adherence-none-body = Adherence is measured once a drug has two fills in the last 180 days.
adherence-team-title = { $count ->
    [0] Non-adherent patients
    [one] Non-adherent patients: 1
   *[other] Non-adherent patients: { $count }
}
adherence-team-empty-title = Everyone is adherent
adherence-team-empty-body = No patient is below 80% on a measured drug.
adherence-patient = Patient
adherence-lowest = Lowest PDC
adherence-drugs-below = Below 80%

## Web requests

web-request-received = Received { $when }
web-request-matched = Patient:
web-request-unmatched = Unmatched: no patient with these details. Find the patient, or enroll them.
web-request-ambiguous = Unmatched: several patients have these details. Choose the right one.
web-request-find = Find the patient
web-request-search = Search
web-request-no-patient = No patient found.
web-request-choose = { $name }, born { $born }
web-request-work = Work this request
web-request-close = Close without contact
web-request-outcome = Outcome
web-request-notes = Notes
web-request-save = Save
