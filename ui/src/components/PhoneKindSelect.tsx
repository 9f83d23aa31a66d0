import type { PhoneKind } from "../bindings";
import { useL10n } from "../l10n/context";
import { PHONE_KIND_MESSAGES, PHONE_KINDS } from "../l10n/messageIds";

/** The kind of a phone line (mobile, home, work), wherever a number is typed. */
export function PhoneKindSelect({ value, onChange }: { value: PhoneKind; onChange: (kind: PhoneKind) => void }) {
  const { t } = useL10n();
  return (
    <select
      value={value}
      onChange={(event) => {
        onChange(event.target.value as PhoneKind);
      }}
    >
      {PHONE_KINDS.map((kind) => (
        <option key={kind} value={kind}>
          {t(PHONE_KIND_MESSAGES[kind])}
        </option>
      ))}
    </select>
  );
}
