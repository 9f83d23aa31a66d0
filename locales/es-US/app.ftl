# Interfaz de usuario de Enlace (ui/). Cada mensaje de este archivo debe existir también en
# en-US/app.ftl con los mismos atributos y las mismas variables.

## Estructura de la aplicación

app-name = Enlace
app-starting = Abriendo Enlace…
skip-to-content = Saltar al contenido principal
nav-label = Secciones principales
# $key (String) - el dígito que se oprime junto con Alt
nav-shortcut = Alt+{ $key }
key-escape = Esc
header-language-label = Idioma

## Nombres de idiomas, cada uno escrito en su propio idioma

language-en-US = English
language-es-US = Español

## Secciones

nav-call-list = Lista de llamadas
nav-consults = Consultas
nav-enrollment = Inscripción
nav-patients = Pacientes
nav-settings = Configuración

## Estados comunes

loading = Cargando…
retry = Intentar de nuevo
load-failed = No se pudo cargar esta información.
value-none = —
# $name (String) - nombre de la zona horaria; $id (String) - su identificador IANA
zone-with-id = { $name } ({ $id })

## Panel de error grave (no se muestran datos de pacientes)

fatal-title = No se pueden abrir los datos de los pacientes
fatal-help = Para proteger la información de los pacientes, Enlace no mostrará nada hasta que se resuelva el problema. Comuníquese con su supervisor o con soporte técnico y mencione el mensaje de arriba.

## Lista de llamadas

call-list-title = Lista de llamadas
# $count (Number) - pacientes en la lista de llamadas de hoy
call-list-summary =
    { $count ->
        [one] { $count } paciente por llamar
       *[other] { $count } pacientes por llamar
    }
# $time (String) - cuándo se generó la lista, ya con formato
call-list-updated = Actualizada: { $time }
call-list-hint = Use ↑ y ↓ para moverse entre pacientes y Enter para abrir uno.
call-list-table-label = Pacientes por llamar hoy
call-list-col-patient = Paciente
call-list-col-language = Idioma
call-list-col-local-time = Hora local
call-list-col-phone = Teléfono
call-list-col-due = Medicamentos por resurtir
call-list-col-attempts = Intentos
call-list-empty-title = No hay a quién llamar por ahora
call-list-empty-body = Los pacientes aparecen aquí en cuanto se abre el recordatorio de resurtido de alguna de sus recetas. Una farmacia nueva trae a sus pacientes con «{ call-list-import }», arriba.
call-window-outside = Fuera del horario de llamadas
phone-none = Sin teléfono registrado
# $name (String) - nombre del paciente; $phone (String) - número tal como se muestra
call-phone-label = Llamar a { $name } al { $phone }
# $when (String) - fecha y hora del último intento, ya con formato
call-list-last-attempt = Último intento: { $when }

## Estado de resurtido

due-today = Toca resurtir hoy
# $days (Number) - días que faltan para la fecha de resurtido
due-in-days =
    { $days ->
        [one] Toca resurtir en { $days } día
       *[other] Toca resurtir en { $days } días
    }
# $days (Number) - días de atraso desde la fecha de resurtido
due-overdue =
    { $days ->
        [one] { $days } día de atraso
       *[other] { $days } días de atraso
    }
tag-critical = Crítico
tag-renewal-needed = Requiere renovación
tag-consult-requested = Consulta solicitada
tag-consult-scheduled = Consulta programada

## Vista del paciente

patient-back = Volver a la lista
patient-details = Datos del paciente
patient-dob = Fecha de nacimiento
patient-preferred-language = Idioma preferido
patient-time-zone = Zona horaria
patient-local-time = Hora local actual
patient-phones = Teléfonos
patient-phones-none = No hay teléfonos registrados.
phone-kind-mobile = Celular
phone-kind-home = Casa
phone-kind-work = Trabajo
patient-consents = Consentimientos de contacto
consent-calls = Llamadas telefónicas
consent-texts = Mensajes de texto
consent-voicemail-detail = Mensajes de voz con detalles
consent-yes = Sí
consent-no = No
patient-prescriptions = Recetas
rx-col-drug = Medicamento
rx-col-strength = Concentración
rx-col-directions = Indicaciones
rx-col-days-supply = Días de suministro
rx-col-refills-left = Resurtidos restantes
rx-col-last-fill = Último surtido
rx-col-due-date = Fecha de resurtido
rx-col-status = Estado
rx-status-inactive = Inactiva
# $date (String) - el día en que empiezan los recordatorios, ya con formato
rx-status-not-yet = Aún no toca resurtir; los recordatorios empiezan el { $date }
rx-none = No hay recetas registradas.
patient-history = Historial de interacciones
history-col-when = Fecha y hora
history-col-by = Registrado por
history-col-channel = Medio
history-col-outcome = Resultado
history-col-language = Idioma
history-col-notes = Notas
history-none = Todavía no hay interacciones registradas.

## Medios de contacto

channel-outbound-call = Llamada saliente
channel-inbound-call = Llamada entrante
channel-text = Mensaje de texto
channel-web = Sitio web
channel-email = Correo electrónico
channel-letter = Carta
channel-fax = Fax
channel-walk-in = En persona
direction-inbound = Recibido
direction-outbound = Enviado
party-patient = Paciente
party-caregiver = Cuidador
party-prescriber-office = Consultorio del médico
party-insurer = Aseguradora
party-other = Otra persona
reason-refill = Resurtido
reason-delivery = Entrega
reason-billing = Facturación
reason-side-effects = Efectos secundarios
reason-pharmacist-question = Pregunta para el farmacéutico
reason-complaint = Queja
reason-renewal = Renovación de receta
reason-other = Otro

## Resultados de las interacciones

disposition-refill-confirmed = Resurtido confirmado
disposition-declined = Rechazó
disposition-wants-pharmacist = Quiere hablar con un farmacéutico
disposition-call-back = Volver a llamar
disposition-voicemail-left = Se dejó mensaje de voz
disposition-no-answer = No contestó
disposition-busy = Ocupado
disposition-wrong-number = Número equivocado
disposition-do-not-call = No llamar

## Pacientes

patients-title = Pacientes
patients-search-label = Buscar por nombre
patients-search-placeholder = Por ejemplo: Núñez
patients-search-hint = No importan los acentos ni las mayúsculas. Use ↑ y ↓ para elegir un paciente y Enter para abrirlo.
patients-results-label = Resultados de la búsqueda
# $count (Number) - pacientes encontrados
patients-count =
    { $count ->
        [one] { $count } paciente
       *[other] { $count } pacientes
    }
# $shown (Number) - pacientes en la lista; $count (Number) - pacientes que coinciden
patients-count-capped = Se muestran los primeros { $shown } de { $count } pacientes. Escriba un nombre para acotar la lista.
# $query (String) - lo que se escribió en el cuadro de búsqueda
patients-no-match = Ningún paciente coincide con “{ $query }”.
patients-none = Todavía no hay pacientes. Los pacientes que inscriba aparecerán aquí.
patients-col-name = Nombre
patients-col-dob = Fecha de nacimiento
patients-col-language = Idioma
patients-col-phone = Teléfono

## Consultas

consults-title = Consultas
consults-empty-title = Todavía no hay solicitudes de consulta
consults-empty-body = Las solicitudes que envíe a un farmacéutico aparecerán aquí, con su estado y la hora que el farmacéutico fije para la consulta.

## Inscripción

enrollment-title = Inscripción
enrollment-empty-title = No hay inscripciones en curso
enrollment-empty-body = Los pacientes que empiece a inscribir aparecerán aquí como borradores que puede retomar en cualquier momento hasta enviarlos.

## Configuración

settings-title = Configuración
settings-language-title = Idioma de la interfaz
settings-language-help = Cambia todas las pantallas a la vez y se recuerda en esta computadora. Los guiones para pacientes siguen en el idioma de cada paciente.
settings-pharmacy-title = Farmacia
settings-pharmacy-help = Su supervisor administra estos datos; se muestran aquí como referencia.
settings-pharmacy-name = Nombre
settings-pharmacy-phone = Teléfono
settings-pharmacy-time-zone = Zona horaria
settings-calling-window = Horario de llamadas
# $start, $end (String) - horas del día, ya con formato
settings-calling-window-value = De { $start } a { $end }, hora local de cada paciente
settings-reminder-lead = Recordatorios de resurtido
# $days (Number) - días antes de la fecha de resurtido en que empiezan los recordatorios
settings-reminder-lead-value =
    { $days ->
        [one] Empiezan { $days } día antes de la fecha de resurtido
       *[other] Empiezan { $days } días antes de la fecha de resurtido
    }
settings-too-soon = Resurtido más temprano
# $percent (String) - parte del suministro, ya con formato de porcentaje
settings-too-soon-value = Cuando ha transcurrido el { $percent } del suministro

## Working the call list

key-ctrl-enter = Ctrl+Intro
key-enter = Intro
choose = Elija…
call-list-counts = { $open } pendientes · { $callable } se pueden llamar ahora · { $exceptions } con el supervisor
call-list-filters = Filtros
call-list-next-call = Próxima llamada { $when }
call-list-import = Importar informe de resurtidos…
call-list-export = Exportar las llamadas de hoy
call-list-exported = Guardado en { $path }
filter-callable-now = Se puede llamar ahora
filter-overdue-only = Solo vencidos
filter-language = Idioma
filter-program = Programa
filter-coordinator = Coordinador
filter-any = Cualquiera
import-row-error = Fila { $row }, { $column }: { $reason }
import-title = Importar un informe de resurtidos
import-back = Lista de llamadas
import-choose-help = Elija el informe de resurtidos que su sistema de farmacia guarda como archivo CSV (una hoja de cálculo guardada como “CSV”). Antes de guardar nada, usted empareja sus columnas, ve sus primeras filas y sus problemas, y ve lo que cambiará la importación.
import-choose-file = Elegir un archivo CSV…
import-choose-another = Elegir otro archivo…
import-reading-file = Leyendo el archivo…
import-mapping-title = Columnas
import-mapping-help = Qué columna de este archivo contiene cada campo. Las sugerencias salen de los nombres de las columnas; sus elecciones se guardan para el próximo informe. Los campos con * son obligatorios.
import-map-choose = Elija una columna…
import-map-none = No está en este archivo
import-missing-columns = Elija una columna para: { $fields }.
import-preview-summary = { $rows } filas: { $patientsCreated } pacientes nuevos y { $patientsUpdated } actualizados, { $prescriptionsCreated } recetas nuevas y { $prescriptionsUpdated } actualizadas, { $unchanged } sin cambios. { $problems ->
    [0] Ninguna fila tiene problemas.
    [one] Una fila tiene un problema y se dejará fuera.
   *[other] { $problems } filas tienen problemas y se dejarán fuera.
  }
import-first-rows = Primeras filas del archivo
import-problem-rows = Filas con problemas (las primeras { $shown } de { $total })
import-problem-rows-help = Las filas con problemas se dejan fuera; las demás se importan. Corríjalas en el sistema de farmacia e importe el próximo informe.
import-row = Fila
import-problems = Problemas
import-row-ok = Bien
import-cell-problem = { $column }: { $reason }
import-confirm = { $rows ->
    [one] Importar una fila
   *[other] Importar { $rows } filas
  }
import-stage-reading = Leyendo las filas…
import-stage-matching = Emparejándolas con los pacientes que ya están aquí…
import-stage-writing = Guardando pacientes y recetas…
import-stage-saving = Actualizando la lista de llamadas y guardando…
import-progress-rows = Filas leídas: { $done } de { $total }
import-progress-patients = Pacientes guardados: { $done } de { $total }
import-progress-prescriptions = Recetas guardadas: { $done } de { $total }
import-progress-problems = Filas con problemas hasta ahora: { $problems }
import-cancel-help = Nada se guarda hasta que la importación termina: si la cancela, todo queda como estaba.
import-cancel = Cancelar la importación
import-cancelling = Cancelando…
import-cancelled = Importación cancelada. No se guardó nada.
import-done = Se leyeron { $rows } filas: { $patientsCreated } pacientes nuevos y { $patientsUpdated } actualizados, { $prescriptionsCreated } recetas nuevas y { $prescriptionsUpdated } actualizadas, { $unchanged } sin cambios; { $rejected ->
    [0] ninguna fila dejada fuera.
    [one] una fila dejada fuera.
   *[other] { $rejected } filas dejadas fuera.
  }
import-left-out-help = Estas filas se dejaron fuera:
import-more-problems = …y { $more } problemas más.
import-to-call-list = Ir a la lista de llamadas
import-field-patient-id = ID del paciente
import-field-last-name = Apellido(s)
import-field-first-name = Nombre
import-field-date-of-birth = Fecha de nacimiento
import-field-phone = Teléfono
import-field-language = Idioma
import-field-time-zone = Zona horaria
import-field-zip = Código postal
import-field-rx-number = Número de receta
import-field-drug-name = Medicamento
import-field-strength = Potencia
import-field-last-fill-date = Fecha del último surtido
import-field-days-supply = Días de suministro
import-field-quantity = Cantidad
import-field-refills-remaining = Resurtidos restantes
import-field-prescriber-name = Médico que receta
import-field-prescriber-npi = NPI del médico

call-title = Llamada
call-timer-label = Duración de la llamada
call-timer-restart = Reiniciar el cronómetro
call-shortcuts = Marque el nombre y la fecha de nacimiento (Espacio), elija el resultado con 1–9, escriba notas y guarde con Ctrl+Intro.
call-outside-window = No se puede llamar a este paciente en este momento.
call-outside-window-until = Fuera del horario de llamadas del paciente; se permite a partir de { $when } (hora del paciente).
verify-title = Verifique la identidad antes de hablar de medicamentos
verify-name = Nombre confirmado: { $name }
verify-dob = Fecha de nacimiento confirmada: { $date }
verify-first = Los medicamentos se muestran cuando se confirman el nombre y la fecha de nacimiento.
script-title = Guion ({ $language })
voicemail-title = Buzón de voz (sin nombres de medicamentos)
outcome-title = Resultado
outcome-fulfillment = Recoger o entregar
outcome-refill-date = Fecha
outcome-decline-reason = Motivo
outcome-suggest-consult = Ofrezca una consulta con el farmacéutico: el costo y los efectos secundarios a menudo tienen solución.
outcome-callback-at = Volver a llamar a las (hora del paciente, { $zone })
outcome-language = Idioma usado
outcome-interpreter = Se usó intérprete
outcome-notes = Notas
outcome-save = Guardar llamada
outcome-disposition-missing = Elija un resultado (1–9).
outcome-error-refill-details-missing = Indique la fecha de recogida o entrega.
outcome-error-refill-date-in-past = La fecha de recogida o entrega ya pasó.
outcome-error-decline-reason-missing = Elija por qué el paciente lo rechazó.
outcome-error-callback-time-missing = Indique cuándo volver a llamar.
outcome-error-callback-in-past = La hora para volver a llamar ya pasó.
outcome-error-callback-outside-window = La hora para volver a llamar está fuera del horario de llamadas del paciente.
outcome-error-duration-implausible = El cronómetro lleva más de cuatro horas; reinícielo.
outcome-error-direction-mismatch = Esa dirección no corresponde al canal.
outcome-error-reason-missing = Elija el motivo del contacto o un resultado.
outcome-error-not-an-attempt = Solo una llamada o un mensaje iniciado por la farmacia puede quedar sin respuesta o dar con un número equivocado.
outcome-error-outcome-needs-patient = Solo el paciente o su cuidador pueden responder sobre el resurtido.
fulfillment-pickup = Recoger
fulfillment-delivery = Entrega a domicilio
decline-has-supply = Tiene suficiente medicamento
decline-stopped-therapy = Dejó el tratamiento
decline-cost = Costo
decline-side-effects = Efectos secundarios
call-saved = Guardado: { $outcome }.
call-next-now = El próximo intento se puede hacer ahora.
call-next-at = Próximo intento: { $mine } su hora · { $theirs } hora del paciente
call-next-none = No hay más llamadas para este paciente.
call-next-resolved = Resuelto hasta el próximo resurtido.
call-next-exception-attempt-cap = No quedan intentos: enviado a la cola de excepciones del supervisor.
call-next-exception-wrong-number = Número equivocado: enviado a la cola de excepciones del supervisor.
call-next-patient = Siguiente paciente

## The call script, in the patient's language

script-greeting = Hola, ¿puedo hablar con { $name }? Le llamo de { $pharmacy } acerca de sus recetas.
script-verify = Antes de continuar, ¿podría confirmarme su nombre completo y su fecha de nacimiento?
script-medications = { $count ->
    [one] Según nuestros registros, este medicamento ya se puede resurtir:
   *[other] Según nuestros registros, estos medicamentos ya se pueden resurtir:
}
script-medication = { $drug } { $strength }, vence el { $date }
script-ask = { $count ->
    [one] ¿Desea que lo resurtamos para recogerlo o para entrega a domicilio?
   *[other] ¿Desea que los resurtamos para recogerlos o para entrega a domicilio?
}
script-closing = Si tiene alguna pregunta, llame a { $pharmacy } al { $phone }. ¡Muchas gracias!
voicemail-script = Hola, este mensaje es para { $name }. Le llama { $pharmacy }. Por favor, devuélvanos la llamada al { $phone }. Gracias.

## Inicio de sesión, el primer supervisor, la pantalla de bloqueo

sign-in-title = Iniciar sesión
sign-in-submit = Iniciar sesión
first-run-title = Configurar Enlace
first-run-help = Esta farmacia aún no tiene usuarios. Cree el primer supervisor; esa persona agrega a los demás.
first-run-submit = Crear supervisor e iniciar sesión
user-display-name = Nombre completo
user-username = Usuario
user-password = Contraseña
user-password-rule = Al menos 10 caracteres. Una frase de pocas palabras es fácil de recordar y difícil de adivinar.
lock-title = Enlace está bloqueado
lock-help = Bloqueado para proteger la información de los pacientes. { $name }, escriba su contraseña o PIN para seguir donde se quedó.
lock-secret = Contraseña o PIN
lock-unlock = Desbloquear
lock-switch-user = Cambiar de usuario
lock-switch-user-help = Al cambiar de usuario se cierra la sesión de { $name }; lo que no se haya guardado se descarta.
session-lock = Bloquear
session-sign-out = Cerrar sesión
settings-idle-lock = Bloqueo automático
settings-idle-lock-value = { $minutes ->
    [one] Después de un minuto sin actividad
   *[other] Después de { $minutes } minutos sin actividad
}

## Usuarios, PIN y registro de auditoría (Configuración)

role-coordinator = Coordinador(a)
role-pharmacist = Farmacéutico(a)
role-supervisor = Supervisor(a)
users-title = Usuarios
users-help = Cada persona inicia sesión con su propio usuario. Los usuarios desactivados no pueden iniciar sesión; lo que hicieron queda en el registro de auditoría.
user-roles = Funciones
user-languages = Habla
user-ui-locale = Idioma de la interfaz
user-status = Estado
user-actions = Acciones
user-active = Activo
user-disabled = Desactivado
user-disable = Desactivar
user-enable = Activar
user-reset-password = Restablecer contraseña
user-new-password = Nueva contraseña para { $name }
user-reset-password-save = Guardar contraseña
user-add-title = Agregar un usuario
user-add = Agregar usuario
user-added = { $name } ya puede iniciar sesión.
update-available = Enlace { $version } está disponible
update-whats-new = Novedades
update-install = Instalar y reiniciar
update-installing = Instalando la actualización…
update-later = Más tarde
update-call-open = Termine primero la llamada abierta: la instalación reinicia Enlace.
updates-title = Actualizaciones
updates-help = Enlace recibe sus actualizaciones del servidor de la propia farmacia; las busca al iniciar sesión y cada pocas horas. Una actualización solo se instala cuando usted lo elige, y solo si su firma prueba que viene de Enlace.
updates-check = Buscar actualizaciones ahora
updates-checking = Buscando…
updates-up-to-date = Enlace está actualizado.
backup-title = Copia de seguridad
backup-help = Una copia de seguridad contiene todos los datos de pacientes de esta computadora, cifrados con una frase de contraseña de al menos 12 caracteres. Guarde la frase aparte del archivo: sin ella nadie, ni usted, puede abrir la copia. Para restaurarla en otra computadora: enlace restore ARCHIVO.
backup-passphrase = Frase de contraseña
backup-passphrase-again = Frase de contraseña otra vez
backup-save = Guardar copia…
backup-saving = Guardando copia…
backup-saved = Copia de seguridad de { $patients } pacientes guardada en { $path }.
pin-title = PIN de desbloqueo rápido
pin-help = Un PIN de 4 a 8 dígitos desbloquea su propia sesión bloqueada. Para iniciar sesión siempre se usa la contraseña.
pin-label = PIN nuevo
pin-save = Guardar PIN
pin-remove = Quitar PIN
pin-saved = Su PIN quedó guardado.
pin-removed = Su PIN se quitó; desbloquee con su contraseña.
audit-title = Registro de auditoría
audit-help = Cada inicio de sesión, expediente abierto, cambio y exportación, del más reciente al más antiguo. Filtre por usuario, registro o fecha.
audit-user = Usuario
audit-record = Id. del registro
audit-from = Desde
audit-until = Hasta
audit-when = Cuándo
audit-action = Acción
audit-export = Exportar CSV
audit-exported = Guardado en { $path }
audit-empty = Ningún evento coincide.
audit-action-sign-in = Inició sesión
audit-action-sign-in-failed = Inicio de sesión fallido
audit-action-sign-out = Cerró sesión
audit-action-lock = Bloqueó
audit-action-unlock = Desbloqueó
audit-action-view = Abrió
audit-action-change = Cambió
audit-action-export = Exportó
audit-action-import = Importó
audit-entity-patient = Paciente
audit-entity-user = Usuario
audit-entity-exception-case = Caso de excepción
audit-entity-web-request = Solicitud web
audit-entity-task = Tarea de seguimiento
settings-pharmacy-help-supervisor = Usted administra esta configuración para todo el personal de la farmacia.
settings-edit-title = Cambiar la configuración
settings-window-start = Llamar desde
settings-window-end = Llamar hasta
settings-lead-days = Aviso anticipado (días)
settings-too-soon-percent = Resurtido más temprano (% del suministro)
settings-retry-hours = Reintentar después de (horas)
settings-max-attempts = Intentos antes de excepción
settings-daily-limit = Llamadas por día
settings-weekly-limit = Llamadas cada 7 días
settings-idle-minutes = Bloquear tras (minutos sin actividad)
settings-task-escalation = Las tareas vencidas pasan al escritorio tras (horas)
settings-task-escalation-fact = Tareas de seguimiento vencidas
settings-task-escalation-value = { $hours ->
    [one] En el escritorio del supervisor una hora después de vencer
   *[other] En el escritorio del supervisor { $hours } horas después de vencer
}
settings-programs = Programas (uno por línea)
settings-programs-help = Se ofrecen al inscribir a un paciente y como filtro de la lista de llamadas.
settings-save = Guardar configuración
settings-saved = Configuración guardada. Se aplica en todas las computadoras tras la próxima sincronización.
settings-problem-name-missing = La farmacia necesita un nombre.
settings-problem-phone-invalid = El número para devolver la llamada no es válido.
settings-problem-time-zone-unknown = La zona horaria no es conocida.
settings-problem-calling-window = El horario de llamadas debe empezar antes de terminar, entre las 8:00 a. m. y las 9:00 p. m.
settings-problem-reminder-lead-days = Los avisos pueden empezar como máximo 30 días antes de la fecha.
settings-problem-too-soon-percent = El resurtido más temprano debe estar entre el 50 % y el 100 % del suministro.
settings-problem-retry-after-hours = Reintente después de 1 a 72 horas.
settings-problem-max-attempts = Permita de 1 a 10 intentos.
settings-problem-call-limits = Permita de 1 a 3 llamadas al día, y al menos esas (hasta 14) cada 7 días.
settings-problem-idle-lock-minutes = Bloquee tras 1 a 60 minutos sin actividad.
settings-problem-task-escalation-hours = Las tareas vencidas pasan al escritorio tras 1 a 168 horas (una semana).
settings-problem-address-zip = El código postal de la dirección debe tener 5 dígitos (o ZIP+4).
settings-problem-address-state = El estado de la dirección debe ser de dos letras (AZ, PR…).
settings-problem-programs = Cada programa debe tener un nombre de 40 caracteres como máximo y aparecer una sola vez; 20 programas como máximo.
availability-problem-slot-length = Las citas duran de 5 a 120 minutos.
availability-problem-hours-backwards = El horario debe terminar después de empezar.
availability-problem-exception-overlap = Una fecha aparece dos veces, o hay horas extra que se solapan.
patient-audit-trail = Registro de auditoría

## Consultas

consult-time = { $yours } su hora · { $patients } hora del paciente
consult-queue-title = Esperando a un farmacéutico
consult-queue-empty-title = No hay solicitudes en espera
consult-queue-empty-body = Aquí aparecen las solicitudes de los coordinadores, primero las más urgentes y antiguas.
consult-schedule-title = Mis consultas programadas
consult-schedule-empty = Nada programado.
consult-mine-title = Mis solicitudes
consult-you-speak-it = Usted lo habla
consult-interpreter-needed = Se necesita intérprete
consult-requested = Solicitada por { $who } el { $when }
consult-accept = Aceptar…
consult-proposed = Horas que le convienen al paciente (la más temprana primero)
consult-confirm = Aceptar esta hora
consult-no-slot = Ninguna hora libre en las próximas tres semanas coincide con el horario del paciente. Rechácela con un motivo o agregue horas.
consult-speaker-offer = { $pharmacist } habla { $language ->
        [es-US] español
       *[en-US] inglés
    } y tiene libre { $time }. Al paciente se le ofrece primero esa persona: deje esta solicitud para ella, o acéptela con intérprete.
consult-decline = Rechazar
consult-decline-reason = Motivo
consult-outcome = Notas del resultado
consult-complete = Realizada
consult-no-show = No se presentó
consult-declined-because = Rechazada: { $reason }
consult-request-title = Consulta con farmacéutico
consult-request-open = Solicitar una consulta con farmacéutico…
consult-request-send = Enviar a los farmacéuticos
consult-request-sent = Enviada. Un farmacéutico la programará; sígala en Consultas.
consult-reason = Motivo
consult-reason-text = Detalles
consult-urgency = Urgencia
consult-language = Idioma
consult-preferred-from = Paciente disponible desde
consult-preferred-until = hasta
consult-callback = Número para devolver la llamada
consult-preferred-help = Horas en el reloj del paciente ({ $zone }); déjelo vacío para cualquier hora.
consult-notes = Notas para el farmacéutico
consult-reason-new-medication = Medicamento nuevo
consult-reason-side-effects = Efectos secundarios
consult-reason-interaction-question = Pregunta sobre interacciones
consult-reason-adherence = Adherencia
consult-reason-cost = Costo
consult-reason-other = Otro
urgency-today = Hoy
urgency-this-week = Esta semana
urgency-routine = De rutina
consult-status-requested = Solicitada
consult-status-scheduled = Programada
consult-status-completed = Realizada
consult-status-no-show = No se presentó
consult-status-cancelled = Cancelada
consult-status-declined = Rechazada
hours-title = Mi horario de consultas
hours-help = Cuándo atiende consultas cada semana, según el reloj de { $zone }. Las consultas se reservan en bloques de la duración indicada.
hours-start = Desde
hours-end = Hasta
hours-slot-minutes = Minutos por consulta
hours-save = Guardar horario
hours-saved = Su horario quedó guardado.
hours-exceptions-title = Días libres y horas extra
hours-exceptions-none = Ninguno próximo: cada semana sigue el horario de arriba.
hours-exception-date = Fecha
hours-exception-kind = Qué cambia
hours-exception-day-off = Día libre
hours-exception-extra = Horas extra
hours-exception-extra-range = Horas extra { $start }–{ $end }
hours-exception-add = Agregar
hours-exception-remove = Quitar
consult-none-open = Ninguna consulta abierta.
notify-urgent-title = Solicitud de consulta urgente
notify-urgent-body = Un paciente necesita a un farmacéutico hoy ({ $language }). Abra Enlace › Consultas.
notify-accepted-title = Consulta programada
notify-accepted-body = Un farmacéutico aceptó una de sus solicitudes de consulta.
notify-declined-title = Consulta rechazada
notify-declined-body = Un farmacéutico rechazó una de sus solicitudes de consulta; vea el motivo en Consultas.
consult-calendar-view = Vista del calendario
consult-calendar-day = Día
consult-calendar-week = Semana
consult-calendar-previous = ‹ Anterior
consult-calendar-today = Hoy
consult-calendar-next = Siguiente ›
consult-reschedule = Otra hora…
consult-reschedule-confirm = Cambiar a esta hora
call-request-consult = Solicitar ahora la consulta con farmacéutico

# A pharmacy's first day: set up before anything else opens.
setup-pharmacy-title = Configure su farmacia
setup-pharmacy-help-supervisor = Describa su farmacia una sola vez. Su número de devolución de llamada se lee en cada guion y mensaje de voz; su zona horaria se aplica a los pacientes que no tienen una. Los valores predeterminados sirven a la mayoría de las farmacias y todo se puede cambiar después en Configuración. La lista de llamadas, las consultas, la inscripción y el escritorio se abren cuando la farmacia existe.
setup-pharmacy-help-other = Esta farmacia aún no está configurada, así que no hay nada en qué trabajar. Un supervisor la configura después de iniciar sesión en esta computadora, o conecta esta computadora al servidor de la farmacia (Configuración → Servidor de la farmacia), que luego la envía aquí.
setup-pharmacy-form-title = La farmacia
setup-pharmacy-phone-help = El número al que los pacientes devuelven la llamada.
setup-pharmacy-zone-choose = Elija la zona horaria de la farmacia
setup-pharmacy-save = Configurar la farmacia

# Correcting a patient's record from their page.
patient-correct = Corregir datos de contacto…
patient-correct-title = Corregir datos de contacto
patient-correct-phones-help = El primer número es al que se llama. Los números se pueden escribir como los dice el paciente.
patient-correct-save = Guardar correcciones
patient-correct-cancel = Cancelar
patient-phone-kind = Tipo
patient-phone-number = Número
patient-phone-called-first = Se llama primero
patient-phone-call-first = Llamar primero a este
patient-phone-remove = Quitar
patient-phone-remove-label = Quitar { $number }
patient-phone-add = Añadir un número
patient-zone-from-zip = Según el código postal (o la de la farmacia)
patient-calling-hours-from = Llamar desde (opcional)
patient-calling-hours-until = Llamar hasta
patient-calling-hours-problem = Indique ambas horas, la primera antes que la segunda, entre las 8:00 a. m. y las 9:00 p. m.
patient-status-active = Atendido por la farmacia
patient-status-deceased = Fallecido
patient-status-moved-away = Se mudó
patient-status-off-lists = El paciente sale de inmediato de todas las listas de llamadas; su historial se conserva.
patient-changes = Cambios en este expediente
patient-change-line = { $when }: { $who } cambió { $fields }
patient-field-phones = teléfonos
patient-field-language = idioma preferido
patient-field-time-zone = zona horaria
patient-field-zip = código postal
patient-field-calling-hours = horario de llamadas
patient-field-status = estado
patient-correct-no-profile = La dirección y un cuidador o contacto autorizado se registran al inscribir al paciente.
patient-correct-address-zip = El código postal de arriba es el de la dirección.
patient-correct-caregiver-help = Si borra el nombre, se quita a la persona y, con ella, lo que se le puede decir.
patient-field-address = dirección
patient-field-caregiver = cuidador
patient-field-consent = consentimiento
patient-field-name = nombre
patient-field-date-of-birth = fecha de nacimiento
patient-field-program = programa
patient-field-assigned-to = coordinador
patient-field-external-id = identificador del sistema de la farmacia
patient-zip-label = Código postal
patient-status-label = Estado
patient-change-created = { $when }: { $who } creó el expediente
patient-zone-confirmed = Confirmada con el paciente
patient-zone-suggested = Sugerida por el código postal: confírmela con el paciente.

## The recovery key: shown to a supervisor until written down; typed back when the keyring lost the key.
recovery-title = Anote la clave de recuperación de esta computadora
recovery-intro = Si el llavero de esta computadora pierde la clave de los datos de pacientes, esta clave de recuperación vuelve a abrirlos. Imprímala o anótela y guárdela bajo llave, lejos de la computadora. Se muestra hasta que alguien confirme que la anotó; después, nunca más.
recovery-device = Computadora { $device }
recovery-print = Imprimir
recovery-confirm-label = Para confirmar, escriba el último grupo de la clave (4 caracteres)
recovery-confirm = Ya la anoté
recovery-later = Más tarde
recovery-banner = La clave de recuperación de esta computadora aún no se ha anotado.
recovery-banner-show = Mostrar la clave de recuperación
recovery-confirmed = Clave de recuperación confirmada. No se volverá a mostrar.
recover-title = Abrir los datos de pacientes con la clave de recuperación
recover-help = Escriba la clave de recuperación que un supervisor anotó al configurar esta computadora (14 grupos de cuatro letras y números). Sin ella, vuelva a unirse al servidor de la farmacia en una carpeta de datos nueva para reconstruir esta computadora; los datos de aquí nunca se borran.
recover-label = Clave de recuperación
recover-submit = Abrir con la clave de recuperación

## After Enlace stopped unexpectedly: shown once at the next start.
crash-notice = { $count ->
    [one] Enlace se cerró inesperadamente la última vez. Dejó un informe para soporte técnico, sin datos de pacientes, en la carpeta de registros.
   *[other] Enlace se cerró inesperadamente { $count } veces. Dejó informes para soporte técnico, sin datos de pacientes, en la carpeta de registros.
}
crash-open-logs = Abrir la carpeta de registros
crash-dismiss = Descartar

## Quien llama (Alt+C): cada registro que tiene el número de quien llama.
caller-open = Llamada entrante
caller-title = Llamada entrante
caller-number = Número de quien llama
caller-number-hint = Escríbalo o péguelo como lo muestra el teléfono: 305.555.0134, (305) 555-0134 ext. 12, +52 55 1234 5678.
caller-find = Buscar
caller-found = { $count ->
    [0] Ningún registro tiene el { $number }.
    [one] El { $number } está en un registro.
   *[other] El { $number } está en { $count } registros.
}
caller-matches-label = Registros con este número
caller-nobody-help = Pregunte el nombre y la fecha de nacimiento de quien llama y búsquelo por nombre, o inscríbalo como paciente nuevo.
caller-more = Otros { $more } registros tienen este número: busque por nombre para encontrar a quien llama.
caller-role-patient = Número del paciente
caller-role-caregiver = Cuidador: { $name }
caller-role-prescriber-office = Consultorio del médico: { $name }
caller-inactive = Ya no atendido
caller-enroll = Inscribir como paciente nuevo
caller-search-by-name = Buscar por nombre
caller-close = Cerrar

## Llamadas entrantes, contactos registrados y tareas de seguimiento

nav-tasks = Mis tareas
call-title-inbound = Llamada entrante
call-title-outbound = Llamada saliente
inbound-greeting = Gracias por llamar a { $pharmacy }, le atiende { $coordinator }. ¿Me da su nombre y fecha de nacimiento?
inbound-party = Quién llama
inbound-reason = Motivo de la llamada
inbound-no-outcome = Sin resultado de recordatorio (la llamada fue por otro asunto)
reason-none = Sin indicar
patient-inbound-call = Llamada entrante
patient-outbound-call = Documentar una llamada
patient-log-contact = Registrar un contacto
contact-title = Registrar un contacto
contact-channel = Canal
contact-direction = Dirección
contact-party = Con quién
contact-reason = Motivo
contact-when = Cuándo (su hora)
contact-minutes = Minutos
contact-notes = Notas
contact-language = Idioma
contact-interpreter = Se usó un intérprete
contact-save = Guardar contacto
contact-cancel = Cancelar
contact-saved = Contacto guardado.
contact-add-task = Agregar una tarea de seguimiento
history-col-who = Con
history-col-about = Motivo
history-direction = {" · "}{ $direction }
tasks-title = Tareas de seguimiento
tasks-none = No hay tareas de seguimiento.
task-new = Nueva tarea
task-title = Nueva tarea de seguimiento
task-reason = Motivo
task-due-date = Fecha límite
task-due-time = Hora límite
task-clock = Según la hora de quién
task-clock-patient = La del paciente ({ $zone })
task-clock-coordinator = La mía ({ $zone })
task-assignee = Para
task-assignee-me = Mí
task-assignee-any-coordinator = Cualquier coordinador
task-assignee-any-pharmacist = Cualquier farmacéutico
task-notes = Notas
task-save = Crear tarea
task-cancel-form = Cancelar
task-created = Tarea creada.
task-due = Vence { $mine }
task-due-theirs = {" · "}{ $theirs } hora del paciente
task-for = Para { $who }
task-for-any-coordinator = Para cualquier coordinador
task-for-any-pharmacist = Para cualquier farmacéutico
task-overdue = Vencida
task-due-later = Vence más adelante
task-status-open = Abierta
task-escalated = Vencida: en el escritorio
task-outside-hours = Vence fuera del horario de llamadas del paciente
task-status-done = Hecha por { $who }
task-status-cancelled = Cancelada por { $who }
task-done = Hecha
task-snooze-hour = Posponer 1 hora
task-snooze-tomorrow = Posponer a mañana, misma hora
task-history-line = { $when } — { $what }
task-reassign = Reasignar
task-reassign-to = Reasignar a
task-reassign-save = Reasignar
task-cancel = Cancelar tarea
task-history = Historial
task-event-created = Creada por { $who }
task-event-done = Hecha por { $who }
task-event-reassigned = Reasignada por { $who }
task-event-snoozed = Pospuesta por { $who }
task-event-cancelled = Cancelada por { $who }
task-no-patient = Sin paciente
task-open-patient = Abrir { $name }
task-problem-due-in-past = La hora límite ya pasó.
task-problem-assignee-missing = Elija para quién es la tarea.
task-problem-closed = Esta tarea ya está cerrada.
task-problem-snooze-not-later = Elija una hora posterior.
my-tasks-title = Mis tareas
my-tasks-empty = Nada pendiente: no tiene tareas abiertas.
my-tasks-summary = { $count ->
    [one] Una tarea abierta
   *[other] { $count } tareas abiertas
}, { $overdue } vencidas
my-tasks-link = { $count ->
    [one] Una tarea pendiente para usted
   *[other] { $count } tareas pendientes para usted
}
desk-tasks-title = Tareas de seguimiento vencidas
desk-tasks-none = Ninguna tarea vencida supera el plazo de la farmacia.
renewal-contact = { $channel } ({ $direction }), { $when } — { $who }
