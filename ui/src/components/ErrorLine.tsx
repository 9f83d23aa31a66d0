import type { AppError } from "../bindings";
import { errorArgs } from "../api";
import { useL10n } from "../l10n/context";
import { ERROR_MESSAGES } from "../l10n/messageIds";

/** A failed command's message under the form that sent it; nothing when there is no error. */
export function ErrorLine({ error, testId }: { error: AppError | null; testId?: string }) {
  const { t } = useL10n();
  if (error === null) return null;
  return (
    <p className="field-errors" role="alert" data-testid={testId}>
      {t(ERROR_MESSAGES[error.code], errorArgs(error))}
    </p>
  );
}
