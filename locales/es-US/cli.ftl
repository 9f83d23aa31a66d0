# Mensajes del comando `enlace` cuando se ejecuta sin ventana.

cli-no-display = Enlace necesita una pantalla gráfica para abrir su ventana y no se encontró ninguna.
    .hint = En una máquina sin pantalla, ejecútelo con Xvfb: { $command }
cli-demo-created = Farmacia de demostración creada: { $patients } pacientes en { $path }
cli-demo-present = El almacén en { $path } ya contiene la farmacia de demostración; no se agregó nada.
cli-password-prompt = Contraseña:
cli-setup-done = Farmacia «{ $name }» configurada en { $path }. Ahora importe su informe de resurtidos: enlace import refills INFORME.csv
cli-needs-setup = Este almacén aún no tiene farmacia. Configúrela primero:
    enlace setup --pharmacy-name NOMBRE --phone TELÉFONO --time-zone ZONA --supervisor USUARIO
    (o abra Enlace e inicie sesión como su primer supervisor; una computadora que se une al servidor de la farmacia la recibe de allí).
cli-status-store = Almacén: { $path } (cifrado con SQLCipher)
cli-status-key-keyring = Clave: en el llavero del sistema
cli-status-key-file = Clave: en { $file }
cli-status-pharmacy = Farmacia: { $name }
cli-status-no-pharmacy = Farmacia: aún no configurada (enlace setup)
cli-status-device = Dispositivo: { $device }
cli-status-patients = { $count ->
    [one] { $count } paciente
   *[other] { $count } pacientes
}
cli-status-outbox = { $count ->
    [one] { $count } cambio pendiente de sincronizar
   *[other] { $count } cambios pendientes de sincronizar
}
cli-bindings-written = Enlaces de TypeScript escritos en { $path }
cli-failed = Enlace no pudo terminar: { $reason }
cli-import-summary = Se leyeron { $rows } filas: { $patientsCreated } pacientes nuevos y { $patientsUpdated } actualizados, { $prescriptionsCreated } recetas nuevas y { $prescriptionsUpdated } actualizadas, { $unchanged } sin cambios, { $rejected } rechazadas.
cli-import-row-error = Fila { $row }, columna “{ $column }”: { $reason }
cli-import-progress = Filas leídas: { $read } de { $total } · con problemas: { $problems } · pacientes guardados: { $patients } de { $patientsTotal } · recetas guardadas: { $prescriptions } de { $prescriptionsTotal }
cli-audit-intact = El registro de auditoría está intacto: { $events } eventos de { $devices ->
    [one] un dispositivo
   *[other] { $devices } dispositivos
}.
cli-audit-altered = El registro de auditoría fue alterado: se modificó el evento { $sequence } del dispositivo { $device }.
cli-audit-missing = El registro de auditoría fue alterado: faltan eventos del dispositivo { $device } antes del evento { $sequence }.
cli-audit-truncated = El registro de auditoría fue alterado: faltan los últimos eventos del dispositivo { $device } después del evento { $sequence }.
cli-audit-past-head = El registro de auditoría fue alterado: el dispositivo { $device } tiene eventos desde el evento { $sequence } que nunca registró haber escrito.
cli-audit-differs-from-server = El registro de auditoría fue alterado: el evento { $sequence } del dispositivo { $device } no coincide con la copia que guarda el servidor.
cli-recovery-key-prompt = Clave de recuperación:
cli-recovered = El almacén de { $path } vuelve a abrirse: su clave está de nuevo en el llavero.
cli-backup-passphrase-prompt = Frase de contraseña de la copia:
cli-backup-passphrase-again = La misma frase otra vez:
cli-backup-written = Copia de seguridad de { $patients } pacientes escrita en { $path }. Guarde la frase aparte del archivo: sin ella la copia no se puede abrir.
cli-restored = Copia { $path } restaurada: { $patients } pacientes. Los datos de esta computadora se abren con una clave propia, guardada en el llavero.
