# Messages of the `enlace` command when it runs without a window.

cli-no-display = Enlace needs a graphical display to open its window, and none was found.
    .hint = On a machine without a screen, run it under Xvfb: { $command }
cli-demo-created = Demo pharmacy created: { $patients } patients in { $path }
cli-demo-present = The store in { $path } already holds the demo pharmacy; nothing was added.
cli-password-prompt = Password:
cli-setup-done = Pharmacy “{ $name }” set up in { $path }. Import its refill report next: enlace import refills REPORT.csv
cli-needs-setup = This store has no pharmacy yet. Set it up first:
    enlace setup --pharmacy-name NAME --phone PHONE --time-zone ZONE --supervisor USERNAME
    (or open Enlace and sign in as its first supervisor; a computer that joins the pharmacy’s server gets the pharmacy from there).
cli-status-store = Store: { $path } (encrypted with SQLCipher)
cli-status-key-keyring = Key: in the system keyring
cli-status-key-file = Key: in { $file }
cli-status-pharmacy = Pharmacy: { $name }
cli-status-no-pharmacy = Pharmacy: not set up yet (enlace setup)
cli-status-device = Device: { $device }
cli-status-patients = { $count ->
    [one] { $count } patient
   *[other] { $count } patients
}
cli-status-outbox = { $count ->
    [one] { $count } change waiting to sync
   *[other] { $count } changes waiting to sync
}
cli-bindings-written = TypeScript bindings written to { $path }
cli-failed = Enlace could not finish: { $reason }
cli-import-summary = Read { $rows } rows: { $patientsCreated } new and { $patientsUpdated } updated patients, { $prescriptionsCreated } new and { $prescriptionsUpdated } updated prescriptions, { $unchanged } unchanged, { $rejected } rejected.
cli-import-row-error = Row { $row }, column “{ $column }”: { $reason }
cli-import-progress = Rows read: { $read } of { $total } · with problems: { $problems } · patients written: { $patients } of { $patientsTotal } · prescriptions written: { $prescriptions } of { $prescriptionsTotal }
cli-audit-intact = The audit trail is intact: { $events } events from { $devices ->
    [one] one device
   *[other] { $devices } devices
}.
cli-audit-altered = The audit trail has been tampered with: event { $sequence } of device { $device } was altered.
cli-audit-missing = The audit trail has been tampered with: events of device { $device } are missing before event { $sequence }.
cli-audit-truncated = The audit trail has been tampered with: the last events of device { $device } are missing after event { $sequence }.
cli-audit-past-head = The audit trail has been tampered with: device { $device } holds events from event { $sequence } on that it never recorded writing.
cli-audit-differs-from-server = The audit trail has been tampered with: event { $sequence } of device { $device } differs from the copy the server holds.
cli-recovery-key-prompt = Recovery key:
cli-recovered = The store in { $path } opens again: its key is back in the keyring.
cli-backup-passphrase-prompt = Backup passphrase:
cli-backup-passphrase-again = The same passphrase again:
cli-backup-written = Backup of { $patients } patients written to { $path }. Keep the passphrase apart from the file: without it the backup cannot be opened.
cli-restored = Backup { $path } restored: { $patients } patients. This computer’s store opens with a key of its own, kept in the keyring.
