# Messages for AppError codes returned by Rust commands: one `error-<code>` per ErrorCode.

error-store-key-missing = The key that unlocks patient data on this computer is missing.
error-store-wrong-key = The patient data on this computer can’t be unlocked with the key stored here.
error-keyring-unavailable = The system keyring isn’t available, so patient data can’t be unlocked.
error-store-unavailable = The local patient database can’t be opened.
error-not-found = The record wasn’t found. It may have been removed.
error-invalid-input = Some of the information isn’t valid. Check it and try again.
error-internal = Something went wrong. Try again; if it keeps happening, contact IT support.
