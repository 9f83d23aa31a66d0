// A labelled select over the values of one of the domain's enumerations, each shown by its
// message id; optionally with an empty first choice ("not given").
interface Props<T extends string> {
  label: string;
  value: T | "";
  options: readonly T[];
  messages: Record<T, string>;
  onChange: (value: T | "") => void;
  t: (id: string) => string;
  testId?: string;
  /** The label of an empty first choice; none when a value must be chosen. */
  emptyLabel?: string;
}

export function EnumSelect<T extends string>({ label, value, options, messages, onChange, t, testId, emptyLabel }: Props<T>) {
  return (
    <label>
      {label}
      <select
        data-testid={testId}
        value={value}
        onChange={(event) => {
          onChange(event.target.value as T | "");
        }}
      >
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((option) => (
          <option key={option} value={option}>
            {t(messages[option])}
          </option>
        ))}
      </select>
    </label>
  );
}
