# Mensajes para los códigos de AppError que devuelven los comandos de Rust: un `error-<código>` por ErrorCode.

error-store-key-missing = Falta la clave que desbloquea los datos de los pacientes en esta computadora.
error-store-wrong-key = Los datos de los pacientes de esta computadora no se pueden desbloquear con la clave guardada aquí.
error-keyring-unavailable = El llavero del sistema no está disponible, así que no se pueden desbloquear los datos de los pacientes.
error-store-unavailable = No se puede abrir la base de datos local de pacientes.
error-not-found = No se encontró el registro. Es posible que se haya eliminado.
error-invalid-input = Parte de la información no es válida. Revísela e inténtelo de nuevo.
error-internal = Algo salió mal. Inténtelo de nuevo; si sigue ocurriendo, comuníquese con soporte técnico.
