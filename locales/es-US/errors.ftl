# Mensajes para los códigos de AppError que devuelven los comandos de Rust: un `error-<código>` por ErrorCode.

error-store-key-missing = Falta la clave que desbloquea los datos de los pacientes en esta computadora.
error-store-wrong-key = Los datos de los pacientes de esta computadora no se pueden desbloquear con la clave guardada aquí.
error-keyring-unavailable = El llavero del sistema no está disponible, así que no se pueden desbloquear los datos de los pacientes.
error-store-unavailable = No se puede abrir la base de datos local de pacientes.
error-not-found = No se encontró el registro. Es posible que se haya eliminado.
error-invalid-input = Parte de la información no es válida. Revísela e inténtelo de nuevo.
error-internal = Algo salió mal. Inténtelo de nuevo; si sigue ocurriendo, comuníquese con soporte técnico.
error-key-file-insecure = Otros usuarios pueden leer el archivo de la clave. Restrinja el acceso a su propietario (chmod 600) e inténtelo de nuevo.
error-invalid-outcome = Esta llamada aún no se puede guardar: faltan datos o no son válidos.
error-import-unreadable = El archivo no se puede leer como un informe de resurtidos.
error-export-failed = No se pudo guardar la lista de llamadas en su carpeta de Descargas.

error-not-permitted = Su función no permite esta acción. Pida ayuda a un supervisor si la necesita.
error-sign-in-required = Inicie sesión para continuar.
error-sign-in-failed = El usuario o la contraseña no son correctos.
error-sign-in-wait = Demasiados intentos incorrectos. Vuelva a intentarlo en { $seconds } segundos.
error-username-invalid = El usuario tiene de 2 a 32 letras, números, puntos, guiones o guiones bajos, sin espacios ni acentos.
error-username-taken = Ese usuario ya existe.
error-password-weak = La contraseña necesita al menos 10 caracteres y no puede ser igual al usuario.
error-pin-invalid = El PIN tiene de 4 a 8 dígitos.
error-last-supervisor = Debe quedar al menos un supervisor activo.
error-already-set-up = Esta farmacia ya tiene un supervisor. Inicie sesión.
error-invalid-settings = Esta configuración no se puede guardar: algunos valores están fuera de rango.
error-consult-changed = Otra persona cambió esta consulta desde que la abrió. Revísela e inténtelo de nuevo.
error-consult-transition-refused = Esta consulta ya no se puede cambiar de esa manera.
error-slot-taken = Ese horario ya está reservado. Elija otro.
error-invalid-availability = Este horario no se puede guardar:
error-draft-closed = Este borrador ya se envió o se descartó (quizá en otra computadora).
error-sync-url-invalid = La dirección del servidor debe empezar con https:// (http:// solo para esta computadora).
error-sync-unreachable = No se puede llegar al servidor. Revise la dirección y la red.
error-sync-setup-required = Este servidor todavía no tiene usuarios: la primera computadora de la farmacia necesita el token de configuración (Más opciones).
error-sync-certificate-invalid = La autoridad certificadora no es un certificado PEM.
error-sync-device-exists = El servidor ya conoce esta computadora con otra conexión. Pida a un supervisor que la revoque allí, o conéctese al servidor en el que se registró.
error-sync-device-pending = Esta computadora espera que un supervisor la apruebe en el servidor (Configuración → Servidor de la farmacia → Computadoras).
error-sync-credential-missing = Cierre la sesión e iníciela de nuevo mientras esta computadora esté conectada al servidor, y vuelva a intentarlo.
error-command-needs-user = Este comando necesita un usuario de Enlace: indique --user NOMBRE (o ENLACE_USER) y la contraseña en ENLACE_PASSWORD o por la entrada estándar.
error-invalid-exception = No se puede guardar:
error-pharmacy-missing = Esta farmacia aún no está configurada. Un supervisor la configura: en Enlace después de iniciar sesión, o con «enlace setup». Una computadora que se une al servidor de la farmacia la recibe de allí.
error-pharmacy-exists = Esta farmacia ya está configurada. Cambie sus datos en Configuración.
error-demo-refused = Este almacén ya contiene los datos de una farmacia, así que no se le puede añadir la demostración. La demostración solo se crea en una carpeta de datos vacía (use --data-dir).

# Why a row of a refill report was rejected (import-error-<reason>), shown by the app and the command line.
import-error-missing = falta un valor obligatorio
import-error-invalid-date = no es una fecha (use MM/DD/AAAA o AAAA-MM-DD)
import-error-future-date = la fecha está en el futuro
import-error-implausible-date = la fecha no es verosímil
import-error-invalid-phone = no es un número de teléfono válido
import-error-invalid-language = no es un idioma conocido (use en o es)
import-error-invalid-time-zone = no es un nombre de zona horaria (p. ej., America/New_York)
import-error-invalid-zip = no es un código postal (5 o 9 dígitos)
import-error-invalid-number = no es un número
import-error-out-of-range = el número está fuera de rango
import-error-invalid-npi = no es un NPI válido (10 dígitos con dígito de control)
import-error-invalid-bin = no es un BIN (6 dígitos)
import-error-invalid-email = no es un correo electrónico
