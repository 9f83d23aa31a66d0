import { useL10n } from "../l10n/context";
import { formatPhone } from "../l10n/format";

interface Props {
  e164: string;
  /** Whom the call is for, used in the link's accessible name. */
  name: string;
}

export function PhoneLink({ e164, name }: Props) {
  const { t } = useL10n();
  const display = formatPhone(e164);
  return (
    <a
      className="phone-link"
      href={`tel:${e164}`}
      aria-label={t("call-phone-label", { name, phone: display })}
      onClick={(event) => {
        event.stopPropagation();
      }}
    >
      {display}
    </a>
  );
}
