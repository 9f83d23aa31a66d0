# Messages for AppError codes returned by Rust commands: one `error-<code>` per ErrorCode.

error-store-key-missing = The key that unlocks patient data on this computer is missing.
error-store-wrong-key = The patient data on this computer can’t be unlocked with the key stored here.
error-keyring-unavailable = The system keyring isn’t available, so patient data can’t be unlocked.
error-store-unavailable = The local patient database can’t be opened.
error-not-found = The record wasn’t found. It may have been removed.
error-invalid-input = Some of the information isn’t valid. Check it and try again.
error-internal = Something went wrong. Try again; if it keeps happening, contact IT support.
error-key-file-insecure = The key file can be read by other users. Restrict it to its owner (chmod 600) and try again.
error-invalid-outcome = This call can’t be saved yet: some details are missing or not valid.
error-import-unreadable = The file can’t be read as a refill report.
error-export-failed = The call list couldn’t be saved to your Downloads folder.

error-not-permitted = Your role doesn’t allow this. Ask a supervisor if you need it.
error-sign-in-required = Sign in to continue.
error-sign-in-failed = The username or password is incorrect.
error-sign-in-wait = Too many incorrect attempts. Try again in { $seconds } seconds.
error-username-invalid = A username has 2 to 32 letters, digits, dots, dashes or underscores, with no spaces or accents.
error-username-taken = That username is already in use.
error-password-weak = A password needs at least 10 characters and can’t be the username.
error-pin-invalid = A PIN is 4 to 8 digits.
error-last-supervisor = At least one active supervisor must remain.
error-already-set-up = This pharmacy already has a supervisor. Sign in instead.
error-invalid-settings = These settings can’t be saved: some values are out of range.
error-consult-changed = Someone else changed this consult since you opened it. Look at it again and retry.
error-consult-transition-refused = This consult can’t be changed that way any more.
error-slot-taken = That time is already booked. Choose another slot.
error-invalid-availability = These hours can’t be saved:
error-draft-closed = This draft was already submitted or discarded (perhaps on another computer).
error-sync-url-invalid = The server address must start with https:// (http:// only for this computer).
error-sync-unreachable = The server cannot be reached. Check the address and the network.
error-sync-setup-required = This server has no users yet: the pharmacy’s first computer needs the setup token (More options).
error-sync-certificate-invalid = The certificate authority is not a PEM certificate.
error-sync-device-exists = The server already knows this computer under another connection. Ask a supervisor to revoke it there, or connect to the server it was registered with.
error-sync-device-pending = This computer is waiting for a supervisor to approve it on the server (Settings → Pharmacy server → Computers).
error-sync-credential-missing = Sign out and sign in again while this computer is connected to the server, then try again.
error-command-needs-user = This command needs an Enlace user: give --user NAME (or ENLACE_USER) and the password in ENLACE_PASSWORD or on standard input.
error-invalid-exception = This can’t be saved:
error-pharmacy-missing = This pharmacy isn’t set up yet. A supervisor sets it up: in Enlace after signing in, or with “enlace setup”. A computer that joins the pharmacy’s server gets it from there.
error-pharmacy-exists = This pharmacy is already set up. Change its details in Settings.
error-demo-refused = This store already holds a pharmacy’s own data, so the demo can’t be added to it. The demo is only created in an empty data folder (use --data-dir).

# Why a row of a refill report was rejected (import-error-<reason>), shown by the app and the command line.
import-error-missing = a value is required
import-error-invalid-date = not a date (use MM/DD/YYYY or YYYY-MM-DD)
import-error-future-date = the date is in the future
import-error-implausible-date = the date is not plausible
import-error-invalid-phone = not a valid phone number
import-error-invalid-language = not a language we know (use en or es)
import-error-invalid-time-zone = not a time zone name (e.g. America/New_York)
import-error-invalid-zip = not a ZIP code (5 or 9 digits)
import-error-invalid-number = not a number
import-error-out-of-range = the number is out of range
import-error-invalid-npi = not a valid NPI (10 digits with a check digit)
import-error-invalid-bin = not a BIN (6 digits)
import-error-invalid-email = not an e-mail address
