# Inscripción de pacientes (la sección Inscripción).

enroll-new-spanish = Nueva inscripción (paciente de habla hispana)
enroll-new-english = Nueva inscripción (paciente de habla inglesa)
enroll-my-drafts = Mis borradores
enroll-other-drafts = Otros borradores en curso
enroll-draft-unnamed = (todavía sin nombre)
enroll-draft-meta = Iniciado por { $started } · último cambio de { $updated } el { $when }

enroll-unsaved = Aún no se ha escrito nada.
enroll-saving = Guardando…
enroll-saved = Borrador guardado { $when } ({ $who }).
enroll-save-failed = Todavía no se guardó: Enlace volverá a intentarlo en un momento.
enroll-problems-title = { $count ->
    [one] Falta corregir una cosa antes de inscribir:
   *[other] Faltan corregir { $count } cosas antes de inscribir:
}

enroll-section-patient = Paciente
enroll-preferred-language = Idioma preferido
enroll-interpreter-wanted = Desea intérprete
enroll-given-name = Nombre
enroll-middle-name = Segundo nombre
enroll-family-name = Primer apellido
enroll-second-family-name = Segundo apellido
enroll-date-of-birth = Fecha de nacimiento
enroll-date-placeholder = MM/DD/AAAA
enroll-sex = Sexo
enroll-sex-unset = —
enroll-sex-female = Femenino
enroll-sex-male = Masculino
enroll-sex-other = Otro
enroll-sex-not-stated = Prefiere no decirlo
enroll-program = Programa
enroll-program-placeholder = p. ej., Med Sync
enroll-address-line1 = Dirección
enroll-address-line2 = Apto., suite
enroll-city = Ciudad
enroll-state = Estado
enroll-zip = Código postal
enroll-time-zone = Zona horaria
enroll-zone-suggested = Según el código postal: { $zone }
enroll-zone-pharmacy = La de la farmacia
enroll-phones = Teléfonos
enroll-phone-kind = Tipo
enroll-phone-number = Número
enroll-add-phone = Agregar un teléfono
enroll-remove = Quitar
enroll-email = Correo electrónico

enroll-section-caregiver = Cuidador o contacto autorizado
enroll-caregiver-help = Déjelo vacío si no hay.
enroll-caregiver-name = Nombre
enroll-caregiver-relationship = Parentesco
enroll-caregiver-phone = Teléfono
enroll-caregiver-may-discuss = El paciente permite hablar de su salud con esta persona

enroll-section-insurance = Seguro
enroll-uninsured = Sin seguro (paga en efectivo)
enroll-primary-plan = Plan principal
enroll-secondary-plan = Plan secundario
enroll-has-secondary = Tiene seguro secundario
enroll-plan-name = Nombre del plan
enroll-member-id = N.º de afiliado
enroll-group-number = Grupo
enroll-bin = BIN
enroll-pcn = PCN
enroll-cardholder-relationship = El paciente es, del titular,
enroll-cardholder-self = El titular
enroll-cardholder-spouse = Cónyuge
enroll-cardholder-child = Hijo o hija
enroll-cardholder-other = Otro

enroll-section-prescriber = Médico que receta
enroll-prescriber-name = Nombre
enroll-prescriber-npi = NPI
enroll-prescriber-npi-hint = 10 dígitos
enroll-prescriber-phone = Teléfono
enroll-prescriber-fax = Fax

enroll-section-medications = Medicamentos
enroll-drug = Medicamento
enroll-strength = Concentración
enroll-directions = Indicaciones
enroll-days-supply = Días de suministro
enroll-quantity = Cantidad
enroll-refills = Resurtidos restantes
enroll-last-fill-date = Último surtido
enroll-critical = Terapia especializada o crítica
enroll-add-medication = Agregar un medicamento

enroll-section-allergies = Alergias
enroll-allergies-none-known = Sin alergias conocidas
enroll-allergies-list = Alergias (una por línea)

enroll-section-consents = Consentimientos
enroll-consent-calls = Llamadas sobre sus recetas
enroll-consent-texts = Mensajes de texto
enroll-consent-voicemail-detail = Los mensajes de voz pueden nombrar medicamentos
enroll-consent-read-aloud = Lea esto en voz alta al paciente, en { $language }:
enroll-record-consent = El paciente aceptó: registrar el consentimiento verbal
enroll-consent-verbal = Consentimiento verbal
enroll-consent-recorded = Registrado por { $who } el { $when } · leído en { $language } · texto { $version }
enroll-privacy-notice = El paciente confirma haber recibido el aviso de privacidad
enroll-auto-refill = Inscribir en resurtido automático

enroll-submit = Inscribir al paciente
enroll-close = Volver a los borradores (se conserva el borrador)
enroll-discard = Descartar el borrador
enroll-duplicate-title = Este paciente quizá ya esté en Enlace
enroll-duplicate-body = Misma fecha de nacimiento y un nombre que coincide. ¿Es la misma persona?
enroll-same-patient = El mismo paciente: actualizar este registro
enroll-new-patient = Otra persona: crear un paciente nuevo
enroll-done-created = { $name } quedó inscrito.
enroll-done-updated = Se actualizó el registro de { $name }.
enroll-print = Imprimir o guardar como PDF…
enroll-open-patient = Abrir al paciente
enroll-back-to-drafts = Volver a los borradores

# En la página del paciente.
patient-profile = Inscripción
profile-plan = { $plan } (afiliado { $member }, BIN { $bin })
profile-prescriber = { $name }, NPI { $npi }
profile-may-discuss = puede hablar de su salud
profile-enrolled = Inscrito
profile-enrolled-by = por { $who } el { $when }
consent-history-granted = Consentimiento registrado por { $who } el { $when } · leído en { $language } · texto { $version }
consent-history-revoked = Revocado, registrado por { $who } el { $when } ({ $language })
consent-revoke-open = Registrar una revocación…
consent-revoke-help = El paciente retira su consentimiento. Desmarque lo que ya no permite; surte efecto de inmediato.
consent-revoke-save = Registrar la revocación
consent-revoke-cancel = Cancelar

# Por qué se rechazó un campo (field-error-<motivo>); los mismos motivos que import-error-*.
field-error-missing = Obligatorio.
field-error-invalid-date = No es una fecha: use MM/DD/AAAA.
field-error-future-date = Esta fecha está en el futuro.
field-error-implausible-date = Esta fecha es demasiado antigua.
field-error-invalid-phone = No es un teléfono válido: incluya el código de área.
field-error-invalid-language = No es un idioma que Enlace conozca.
field-error-invalid-time-zone = No es una zona horaria que Enlace conozca.
field-error-invalid-zip = Un código postal tiene 5 dígitos, o 9 (12345-6789).
field-error-invalid-state = Un estado se escribe con su código de dos letras (AZ, PR…).
field-error-invalid-number = Escriba un número.
field-error-out-of-range = Este número está fuera de rango.
field-error-invalid-npi = No es un NPI válido: 10 dígitos, el último de verificación.
field-error-invalid-bin = Un BIN tiene 6 dígitos.
field-error-invalid-email = No es un correo electrónico.

enrollment-problem-no-phone = Agregue al menos un teléfono.
enrollment-problem-no-medication = Agregue al menos un medicamento.
enrollment-problem-allergies-unanswered = Anote las alergias o marque “Sin alergias conocidas”.
enrollment-problem-allergies-contradict = Hay alergias anotadas y está marcado “Sin alergias conocidas”: deje solo una opción.
enrollment-problem-privacy-notice-not-acknowledged = El paciente debe confirmar el aviso de privacidad.
enrollment-problem-verbal-consent-missing = Lea al paciente el texto de consentimiento y registre su respuesta.
enrollment-problem-verbal-consent-outdated = Los consentimientos cambiaron después de que el paciente aceptara: vuelva a leer el texto y regístrelo.
enrollment-problem-voicemail-without-calls = Los mensajes de voz detallados requieren consentimiento para llamadas.
enrollment-problem-texts-without-mobile = Los mensajes de texto requieren un celular.

# Textos de consentimiento leídos en voz alta. Nunca edite una versión ya usada: agregue la
# siguiente (consent-text-v2) y apunte enlace_domain::CONSENT_TEXT_VERSION a ella.
consent-text-v1 = { $pharmacy } quisiera llamarle sobre sus recetas, por ejemplo para recordarle sus resurtidos y, si usted está de acuerdo, enviarle mensajes de texto y dejarle mensajes de voz que podrían nombrar sus medicamentos. Puede decir que no, y puede cambiar de opinión en cualquier momento llamándonos al { $phone }. Decir que no no afectará su atención. ¿Está de acuerdo con las opciones que acabamos de repasar?

# El resumen de inscripción, impreso en el idioma del paciente.
summary-title = Resumen de inscripción
summary-date = Inscrito el { $date }
summary-patient = Paciente
summary-date-of-birth = Fecha de nacimiento
summary-language = Idioma
summary-interpreter = desea intérprete
summary-address = Dirección
summary-phones = Teléfonos
summary-caregiver = Cuidador
summary-insurance = Seguro
summary-uninsured = Sin seguro
summary-plan = { $plan }, n.º de afiliado { $member }
summary-prescriber = Médico que receta
summary-prescriber-line = { $name } (NPI { $npi })
summary-medications = Medicamentos
summary-days-supply = { $days ->
    [one] suministro para { $days } día
   *[other] suministro para { $days } días
}
summary-allergies = Alergias
summary-no-allergies = Ninguna conocida
summary-contact = Podemos comunicarnos por
summary-consent-calls = llamadas
summary-consent-texts = mensajes de texto
summary-consent-voicemail = mensajes de voz que nombran medicamentos
summary-auto-refill = Resurtido automático
summary-privacy-notice = Aviso de privacidad recibido
summary-yes = sí
summary-no = no
summary-consent-title = Lo que le leímos
summary-consent-recorded = Aceptado verbalmente; registrado por { $who } el { $date } (texto { $version }).
