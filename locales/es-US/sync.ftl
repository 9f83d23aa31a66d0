# Sincronización con el servidor de la farmacia (Configuración, la primera pantalla, avisos).

sync-title = Servidor de la farmacia
sync-ask-supervisor = Esta computadora todavía no se sincroniza: un supervisor la conecta en Configuración.
sync-not-connected = { $pending ->
    [0] Esta computadora no se sincroniza con un servidor: todo queda en ella.
    [one] Esta computadora no se sincroniza con un servidor. Un cambio espera para enviarse cuando lo haga.
   *[other] Esta computadora no se sincroniza con un servidor. { $pending } cambios esperan para enviarse cuando lo haga.
}
sync-server = Servidor
sync-registered-by = Registrada por
sync-phase = Estado
sync-phase-stopped = Detenida
sync-phase-starting = Iniciando
sync-phase-syncing = Sincronizando…
sync-phase-idle = Al día
sync-phase-retrying = Sin conexión: se reintentará en breve
sync-phase-revoked = Un supervisor quitó esta computadora
sync-phase-unauthorized = El servidor ya no reconoce esta computadora: vuelva a conectarla
sync-phase-pending = Esperando que un supervisor apruebe esta computadora
sync-pending-approval-help = Hasta que un supervisor la apruebe, esta computadora no envía ni recibe cambios; lo que se haga aquí espera en ella. Un supervisor la aprueba desde una computadora que ya se sincroniza: Configuración → Servidor de la farmacia → Computadoras registradas en el servidor…, y luego Aprobar. Enlace vuelve a consultar al servidor cada 15 segundos.
sync-last = Última sincronización
sync-never = Todavía no
sync-pending = Cambios por enviar
sync-waiting-title = Cambios que esperan a que su autor inicie sesión
sync-waiting-author = { $changes ->
    [one] Un cambio de { $username } espera hasta que { $username } inicie sesión en esta computadora mientras esté conectada.
   *[other] { $changes } cambios de { $username } esperan hasta que { $username } inicie sesión en esta computadora mientras esté conectada.
}
sync-waiting-help = El servidor acepta los cambios de una persona solo después de que haya iniciado sesión en esta computadora mientras estaba conectada al servidor.
sync-last-error = Último problema
sync-error-unreachable = No se puede llegar al servidor (sin red, o el servidor está apagado).
sync-error-unauthorized = El servidor rechazó la credencial de esta computadora.
sync-error-revoked = Un supervisor quitó esta computadora del servidor.
sync-error-pending = Esta computadora espera la aprobación de un supervisor.
sync-error-setup-required = El servidor necesita su token de configuración.
sync-error-server-error = El servidor tuvo un problema; Enlace lo vuelve a intentar.
sync-error-protocol = No se pudo leer la respuesta del servidor; Enlace lo vuelve a intentar.
sync-error-store = La base de datos de esta computadora no pudo recibir los cambios; Enlace lo vuelve a intentar.
sync-server-url = Dirección del servidor
sync-more-options = Más opciones…
sync-setup-token = Token de configuración
sync-setup-token-help = Solo para la primera computadora de la farmacia: el token está en la carpeta de datos del servidor (setup-token).
sync-ca-certificate = Autoridad certificadora (PEM), si el servidor usa la de la farmacia
sync-connect-title = Conectar esta computadora
sync-reconnect-title = Volver a conectar (otro servidor o usuario)
sync-connect-help = Los cambios van al servidor y vuelven de las demás computadoras, también después de trabajar sin conexión. Regístrese con su propio usuario y contraseña.
sync-connect = Conectar
sync-disconnect = Dejar de sincronizar
sync-devices-open = Computadoras registradas en el servidor…
sync-devices-title = Computadoras registradas en el servidor
sync-device-registered = registrada por { $who } el { $when }
sync-device-this = Esta computadora
sync-device-revoked = Quitada el { $when }
sync-device-revoke = Quitar (perdida o robada)
sync-device-pending = Esperando aprobación
sync-device-approved-by = Aprobada por { $who }
sync-device-approved = Aprobada
sync-device-removed = Quitada
sync-device-approve = Aprobar
sync-device-refuse = Rechazar (no es de la farmacia)
sync-notices-label = Cambios que el servidor no conservó
sync-notice-consult-changed = { $patient }: alguien actuó sobre esta consulta antes que usted en otra computadora. Su paso se deshizo; la consulta queda como la tiene el servidor.
sync-notice-slot-taken = { $patient }: otra consulta reservó ese horario primero. Su reserva se deshizo y la solicitud vuelve a la cola.
sync-notice-not-permitted = Un cambio suyo ({ $what }) no está permitido para su rol y se deshizo.
sync-notice-invalid = Un cambio suyo ({ $what }) no se pudo conservar y se deshizo.
sync-notice-no-patient = Un registro
sync-notice-dismiss = Descartar

web-requests-title = { $count ->
    [one] Una solicitud del sitio web
   *[other] { $count } solicitudes del sitio web
}
web-request-kind-refill = Resurtido
web-request-kind-callback = Devolver llamada
web-request-kind-question = Pregunta

join-open = Esta farmacia ya usa Enlace: unirse a su servidor
join-title = Unirse al servidor de su farmacia
join-help = Entre con su propio usuario y contraseña de Enlace; los pacientes y usuarios de la farmacia llegan desde el servidor.
join-submit = Unirse
join-waiting = Conectada. Están llegando los datos de la farmacia; el inicio de sesión se abrirá cuando estén aquí.
join-waiting-approval = Conectada. Un supervisor debe aprobar esta computadora antes de que lleguen los datos de la farmacia: en una computadora que ya se sincroniza, Configuración → Servidor de la farmacia → Computadoras registradas en el servidor…, y luego Aprobar. El inicio de sesión se abrirá cuando los datos estén aquí.
