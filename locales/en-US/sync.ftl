# Syncing with the pharmacy's server (Settings, the first-run screen, notices).

sync-title = Pharmacy server
sync-ask-supervisor = This computer does not sync yet: a supervisor connects it in Settings.
sync-not-connected = { $pending ->
    [0] This computer does not sync with a server: everything stays on it.
    [one] This computer does not sync with a server. One change waits to be sent when it does.
   *[other] This computer does not sync with a server. { $pending } changes wait to be sent when it does.
}
sync-server = Server
sync-registered-by = Registered by
sync-phase = Status
sync-phase-stopped = Stopped
sync-phase-starting = Starting
sync-phase-syncing = Syncing…
sync-phase-idle = Up to date
sync-phase-retrying = Offline: trying again shortly
sync-phase-revoked = This computer was removed by a supervisor
sync-phase-unauthorized = The server no longer knows this computer: connect it again
sync-phase-pending = Waiting for a supervisor to approve this computer
sync-pending-approval-help = Until a supervisor approves it, this computer neither sends nor receives changes; work done here waits on it. A supervisor approves it on a computer that already syncs: Settings → Pharmacy server → Computers registered with the server…, then Approve. Enlace asks the server again every 15 seconds.
sync-last = Last synced
sync-never = Not yet
sync-pending = Changes waiting to be sent
sync-waiting-title = Changes waiting for their author to sign in
sync-waiting-author = { $changes ->
    [one] One change by { $username } waits until { $username } signs in on this computer while it is connected.
   *[other] { $changes } changes by { $username } wait until { $username } signs in on this computer while it is connected.
}
sync-waiting-help = The server takes a person’s changes only after they have signed in on this computer while it was connected to the server.
sync-last-error = Last problem
sync-error-unreachable = The server cannot be reached (no network, or the server is down).
sync-error-unauthorized = The server refused this computer’s credential.
sync-error-revoked = A supervisor removed this computer from the server.
sync-error-pending = This computer is waiting for a supervisor’s approval.
sync-error-setup-required = The server needs its setup token.
sync-error-server-error = The server had a problem; Enlace tries again.
sync-error-protocol = The server’s answer could not be read; Enlace tries again.
sync-error-store = This computer’s database could not take the changes; Enlace tries again.
sync-server-url = Server address
sync-more-options = More options…
sync-setup-token = Setup token
sync-setup-token-help = Only for the pharmacy’s first computer: the token is in the server’s data folder (setup-token).
sync-ca-certificate = Certificate authority (PEM), if the server uses the pharmacy’s own
sync-connect-title = Connect this computer
sync-reconnect-title = Connect again (another server or user)
sync-connect-help = Changes go to the server and come back from the other computers, also after working offline. Register with your own username and password.
sync-connect = Connect
sync-disconnect = Stop syncing
sync-devices-open = Computers registered with the server…
sync-devices-title = Computers registered with the server
sync-device-registered = registered by { $who } on { $when }
sync-device-this = This computer
sync-device-revoked = Removed { $when }
sync-device-revoke = Remove (lost or stolen)
sync-device-pending = Waiting for approval
sync-device-approved-by = Approved by { $who }
sync-device-approved = Approved
sync-device-removed = Removed
sync-device-approve = Approve
sync-device-refuse = Refuse (not one of the pharmacy’s)
sync-notices-label = Changes the server did not keep
sync-notice-consult-changed = { $patient }: someone acted on this consult before you on another computer. Your step was undone; the consult is as the server has it.
sync-notice-slot-taken = { $patient }: that time was booked by another consult first. Your booking was undone and the request is back in the queue.
sync-notice-not-permitted = A change of yours ({ $what }) is not allowed for your role and was undone.
sync-notice-invalid = A change of yours ({ $what }) could not be kept and was undone.
sync-notice-no-patient = A record
sync-notice-dismiss = Dismiss

web-requests-title = { $count ->
    [one] One request from the website
   *[other] { $count } requests from the website
}
web-request-kind-refill = Refill
web-request-kind-callback = Call back
web-request-kind-question = Question

join-open = This pharmacy already uses Enlace: join its server
join-title = Join your pharmacy’s server
join-help = Sign in with your own Enlace username and password; the pharmacy’s patients and users come from the server.
join-submit = Join
join-waiting = Connected. The pharmacy’s data is arriving; sign-in opens when it is here.
join-waiting-approval = Connected. A supervisor must approve this computer before the pharmacy’s data comes: on a computer that already syncs, Settings → Pharmacy server → Computers registered with the server…, then Approve. Sign-in opens once the data is here.
