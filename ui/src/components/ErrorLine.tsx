import type { AppError } from "../bindings";
import { errorArgs } from "../api";
import { useL10n } from "../l10n/context";
import { ERROR_MESSAGES } from "../l10n/messageIds";

interface Props {
  error: AppError | null;
  testId?: string;
  /**
   * For errors that list what was wrong (`problems`, one code each): each code's
   * message. Codes without one are left out; the error's own message always shows.
   */
  problemMessages?: Partial<Record<string, string>>;
}

/** A failed command's message under the form that sent it; nothing when there is no error. */
export function ErrorLine({ error, testId, problemMessages }: Props) {
  const { t } = useL10n();
  if (error === null) return null;
  const problems = error.problems.flatMap((code) => {
      const id = problemMessages?.[code];
      return id === undefined ? [] : [id];
    });
  return (
    <div className="field-errors" role="alert" data-testid={testId}>
      <p>{t(ERROR_MESSAGES[error.code], errorArgs(error))}</p>
      {problems.length > 0 && (
        <ul>
          {problems.map((id) => (
            <li key={id}>{t(id)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
