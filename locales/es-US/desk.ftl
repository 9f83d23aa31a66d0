# El escritorio: cola de excepciones, productividad, adherencia; avisos desde las llamadas; solicitudes web.

nav-desk = Escritorio
desk-title = Escritorio
desk-tabs = Secciones del escritorio
desk-tab-exceptions = Excepciones
desk-tab-tasks = Tareas vencidas
desk-tab-productivity = Productividad
desk-tab-adherence = Adherencia

## Cola de excepciones

exceptions-title = { $count ->
    [0] Cola de excepciones
    [one] Cola de excepciones: 1 caso abierto
   *[other] Cola de excepciones: { $count } casos abiertos
}
exceptions-title-mine = { $count ->
    [0] Asignados a usted
    [one] Asignados a usted: 1 caso
   *[other] Asignados a usted: { $count } casos
}
exceptions-empty-title = Nada pendiente
exceptions-empty-body = Aquí aparecen los avisos de las llamadas y los casos de las reglas (límite de intentos, número equivocado, renovaciones).
exceptions-empty-body-mine = Aquí aparecen los casos que un supervisor le asigne.
exceptions-resolved = { $count ->
    [one] Resueltos esta semana (1)
   *[other] Resueltos esta semana ({ $count })
}
exception-raised-by = Aviso de { $who } { $when }
exception-raised-by-rule = Generado por regla { $when }
exception-assigned-to-you = Asignado a usted. Cuéntele a su supervisor lo que averigüe.
exception-work-label = Atender el caso de { $patient }
exception-assignee = Asignado a
exception-assignee-nobody = Nadie
exception-outcome = Resultado
exception-resolution-note = Nota
exception-resolve = Resolver
exception-resolved-line = { $outcome }: { $who }, { $when }

severity-high = Urgente
severity-medium = Requiere acción
severity-low = Buena noticia

exception-kind-attempt-cap = Límite de intentos alcanzado
exception-kind-wrong-number = Número equivocado
exception-kind-renewal-needed = Necesita renovación
exception-kind-disconnected = Número desconectado
exception-kind-hospitalized = Hospitalizado
exception-kind-deceased = Fallecimiento reportado
exception-kind-complaint = Queja o problema
exception-kind-compliment = Felicitación
exception-kind-save = Recuperación de adherencia

exception-outcome-reached-otherwise = Contactado por otro medio
exception-outcome-number-updated = Teléfono corregido
exception-outcome-renewal-requested = Renovación pedida al médico
exception-outcome-removed-from-calls = Retirado de las llamadas
exception-outcome-acknowledged = Anotado

exception-problem-not-a-flag = Ese tipo lo generan las reglas; no se marca a mano.
exception-problem-note-required = Agregue una nota que diga qué pasó.
exception-problem-note-too-long = La nota es demasiado larga (2000 caracteres como máximo).
exception-problem-outcome-does-not-fit = Ese resultado no corresponde a este caso.
exception-problem-already-resolved = Alguien ya resolvió este caso.
exception-problem-number-required = Escriba el número nuevo del paciente: reemplaza al que se llamó.
exception-problem-number-invalid = El número nuevo no es un número de teléfono válido.
exception-new-number = Número nuevo (reemplaza al que se llamó)

## Avisar al supervisor

flag-open = Avisar al supervisor
flag-title = Avisar al supervisor
flag-kind = Qué pasó
flag-note = Nota (obligatoria)
flag-note-optional = Nota (opcional)
flag-send = Enviar al supervisor
flag-cancel = Cancelar
flag-sent = Enviado a la cola de su supervisor.

## Productividad

productivity-title-team = Productividad del equipo
productivity-title-mine = Su productividad
productivity-period = Período
productivity-today = Hoy
productivity-this-week = Esta semana
productivity-range = Elegir fechas
productivity-first-day = Desde
productivity-last-day = Hasta
productivity-days = Del { $first } al { $last }
productivity-export = Exportar CSV
productivity-exported = Guardado en { $path }
productivity-none = No hay llamadas en este período.
productivity-person = Coordinador(a)
productivity-team = Equipo
productivity-calls = Llamadas hechas
productivity-inbound-calls = Llamadas recibidas
productivity-other-contacts = Otros contactos
productivity-reached = Pacientes contactados
productivity-reached-calls = Contactados
productivity-reach-rate = Tasa de contacto
productivity-refills = Resurtidos confirmados
productivity-consults = Consultas pedidas
productivity-handle = Duración media
productivity-handle-time = { $minutes } min { $seconds } s
productivity-exceptions = Excepciones generadas
productivity-chart-people = Llamadas por coordinador(a)
productivity-chart-days = Llamadas por día

## Adherencia

adherence-title = Adherencia (últimos 180 días)
adherence-method = Proporción de días cubiertos (PQA): los surtidos que se traslapan se corren hacia adelante y cada día cuenta una vez; 80 % o más es adherente.
adherence-percent = { $percent } % cubierto ({ $covered } de { $days } días)
adherence-percent-short = { $percent } %
adherence-not-measured = Sin medir (un solo surtido)
adherence-fills = { $count ->
    [one] 1 surtido
   *[other] { $count } surtidos
}
adherence-none-title = Sin surtidos en el período
adherence-none-body = La adherencia se mide cuando un medicamento tiene dos surtidos en los últimos 180 días.
adherence-team-title = { $count ->
    [0] Pacientes no adherentes
    [one] Pacientes no adherentes: 1
   *[other] Pacientes no adherentes: { $count }
}
adherence-team-empty-title = Todos son adherentes
adherence-team-empty-body = Ningún paciente está por debajo del 80 % en un medicamento medido.
adherence-patient = Paciente
adherence-lowest = PDC más bajo
adherence-drugs-below = Por debajo del 80 %

## Solicitudes web

web-request-received = Recibida { $when }
web-request-matched = Paciente:
web-request-unmatched = Sin coincidencia: ningún paciente tiene estos datos. Busque al paciente o inscríbalo.
web-request-ambiguous = Sin coincidencia: varios pacientes tienen estos datos. Elija el correcto.
web-request-find = Buscar al paciente
web-request-search = Buscar
web-request-no-patient = No se encontró ningún paciente.
web-request-choose = { $name }, nacido(a) el { $born }
web-request-work = Atender esta solicitud
web-request-close = Cerrar sin contacto
web-request-outcome = Resultado
web-request-notes = Notas
web-request-save = Guardar
