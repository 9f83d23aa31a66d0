import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from "react";
import { commands } from "../bindings";
import { LanguageBadge } from "../components/LanguageBadge";
import { LoadError, Loading } from "../components/States";
import { nextIndex } from "../hooks/listKeys";
import { useDebounced } from "../hooks/timing";
import { useCommand } from "../hooks/useCommand";
import { ViewHeader } from "../components/ViewHeader";
import { useL10n } from "../l10n/context";
import { formatDate, formatPhone } from "../l10n/format";

const SEARCH_DEBOUNCE_MS = 150;
const optionId = (patientId: string) => `patient-option-${patientId}`;

interface Props {
  /** The patient to highlight when coming back from a patient view. */
  selectedId: string | null;
  initialQuery: string;
  onQueryChange: (query: string) => void;
  onOpenPatient: (patientId: string) => void;
}

export function PatientsView({ selectedId, initialQuery, onQueryChange, onOpenPatient }: Props) {
  const { t, locale } = useL10n();
  const [query, setQuery] = useState(initialQuery);
  const [activeId, setActiveId] = useState<string | null>(selectedId);
  const searchRef = useRef<HTMLInputElement>(null);

  const debounced = useDebounced(query.trim(), SEARCH_DEBOUNCE_MS);
  const load = useCallback(() => commands.searchPatients(debounced), [debounced]);
  const { state, pending, reload } = useCommand(load);

  const results = state.status === "ok" ? state.data.patients : [];
  const totalMatches = state.status === "ok" ? state.data.totalMatches : 0;
  const found = results.findIndex((p) => p.id === activeId);
  const activeIndex = found === -1 ? 0 : found;
  const active = results[activeIndex];

  useEffect(() => {
    searchRef.current?.focus();
  }, []);

  const activeOption = active ? optionId(active.id) : null;
  useEffect(() => {
    if (activeOption !== null) document.getElementById(activeOption)?.scrollIntoView({ block: "nearest" });
  }, [activeOption]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      // Results still belong to an older query while typing settles or the search runs:
      // opening one of them could open the wrong patient.
      const settled = !pending && debounced === query.trim();
      if (active && settled) onOpenPatient(active.id);
      return;
    }
    const next = nextIndex(event.key, activeIndex, results.length, false);
    if (next === null) return;
    event.preventDefault();
    setActiveId(results[next]?.id ?? null);
  }

  return (
    <section className="view" aria-labelledby="patients-title">
      <ViewHeader section="patients" />
      <div className="search">
        <label htmlFor="patient-search" className="field-label">
          {t("patients-search-label")}
        </label>
        <input
          id="patient-search"
          ref={searchRef}
          type="search"
          className="search-input"
          role="combobox"
          aria-expanded={results.length > 0}
          aria-controls="patient-results"
          aria-autocomplete="list"
          aria-activedescendant={activeOption ?? undefined}
          aria-describedby="patient-search-hint"
          autoComplete="off"
          spellCheck={false}
          placeholder={t("patients-search-placeholder")}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActiveId(null);
            onQueryChange(event.target.value);
          }}
          onKeyDown={onKeyDown}
        />
        <p id="patient-search-hint" className="hint">
          {t("patients-search-hint")}
        </p>
      </div>

      {state.status === "loading" && <Loading />}
      {state.status === "error" && <LoadError error={state.error} onRetry={reload} />}
      {state.status === "ok" && (
        <>
          <p className="view-meta" role="status">
            {results.length === 0
              ? debounced === ""
                ? t("patients-none")
                : t("patients-no-match", { query: debounced })
              : results.length < totalMatches
                ? t("patients-count-capped", { shown: results.length, count: totalMatches })
                : t("patients-count", { count: results.length })}
          </p>
          {results.length > 0 && (
            <div className={pending ? "results is-pending" : "results"} aria-busy={pending}>
              <div className="results-head" aria-hidden="true">
                <span>{t("patients-col-name")}</span>
                <span>{t("patients-col-dob")}</span>
                <span>{t("patients-col-language")}</span>
                <span>{t("patients-col-phone")}</span>
              </div>
              <ul id="patient-results" role="listbox" aria-label={t("patients-results-label")} className="results-list">
                {results.map((patient, index) => (
                  // The keyboard stays in the search box (arrows move the active option, Enter opens it).
                  // eslint-disable-next-line jsx-a11y-x/click-events-have-key-events
                  <li
                    key={patient.id}
                    id={optionId(patient.id)}
                    role="option"
                    aria-selected={index === activeIndex}
                    data-patient-id={patient.id}
                    className={index === activeIndex ? "result is-active" : "result"}
                    onClick={() => {
                      onOpenPatient(patient.id);
                    }}
                  >
                    <span className="patient-name">{patient.fullName}</span>
                    <span>{formatDate(locale, patient.dateOfBirth, "medium")}</span>
                    <span>
                      <LanguageBadge language={patient.preferredLanguage} />
                    </span>
                    <span>{patient.phone !== null ? formatPhone(patient.phone) : t("phone-none")}</span>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </>
      )}
    </section>
  );
}
