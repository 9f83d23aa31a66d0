import type { PharmacySettings, User } from "../bindings";
import { Fact } from "../components/Fact";
import { isLanguage, LANGUAGES } from "../l10n/bundles";
import { ViewHeader } from "../components/ViewHeader";
import { useFocusOnMount } from "../hooks/useFocusOnMount";
import { useL10n } from "../l10n/context";
import { formatPercent, formatPhone, formatTimeOfDay, timeZoneName } from "../l10n/format";
import { LANGUAGE_MESSAGES } from "../l10n/messageIds";
import { AuditPanel } from "./AuditPanel";
import { BackupPanel } from "./BackupPanel";
import { HoursPanel } from "../consults/HoursPanel";
import { PharmacySettingsForm } from "./PharmacySettingsForm";
import { PharmacySetup } from "./PharmacySetup";
import { PinPanel } from "./PinPanel";
import { SyncPanel } from "./SyncPanel";
import { UpdatesPanel } from "./UpdatesPanel";
import { UsersPanel } from "./UsersPanel";
import { useCan } from "../permissions";

interface SettingsViewProps {
  pharmacy: PharmacySettings | null;
  user: User;
  onPharmacyChange: (pharmacy: PharmacySettings) => void;
  /** Open the audit trail filtered to this record (a patient's id). */
  auditRecord: string | null;
}

export function SettingsView({ pharmacy, user, onPharmacyChange, auditRecord }: SettingsViewProps) {
  const { t, locale, setLocale } = useL10n();
  const can = useCan();
  const titleRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="view" aria-labelledby="settings-title">
      <ViewHeader section="settings" titleRef={titleRef} />

      <section className="panel settings-panel" aria-labelledby="settings-language-title">
        <h2 id="settings-language-title">{t("settings-language-title")}</h2>
        <p className="hint" id="settings-language-help">
          {t("settings-language-help")}
        </p>
        <div
          role="radiogroup"
          aria-labelledby="settings-language-title"
          aria-describedby="settings-language-help"
          className="choices"
        >
          {LANGUAGES.map((language) => (
            <label key={language} className="choice">
              <input
                type="radio"
                name="ui-language"
                value={language}
                checked={locale === language}
                onChange={(event) => {
                  if (isLanguage(event.target.value)) setLocale(event.target.value);
                }}
              />
              <span lang={language}>{t(LANGUAGE_MESSAGES[language])}</span>
            </label>
          ))}
        </div>
      </section>

      <section className="panel settings-panel" aria-labelledby="settings-pharmacy-title">
        <h2 id="settings-pharmacy-title">{t("settings-pharmacy-title")}</h2>
        {pharmacy === null ? (
          <PharmacySetup onPharmacyChange={onPharmacyChange} />
        ) : (
          <>
            <p className="hint">
              {can("manage-settings") ? t("settings-pharmacy-help-supervisor") : t("settings-pharmacy-help")}
            </p>
            <PharmacyFacts pharmacy={pharmacy} />
            {can("manage-settings") && (
              <PharmacySettingsForm
                key={JSON.stringify(pharmacy)}
                pharmacy={pharmacy}
                mode="edit"
                onSaved={onPharmacyChange}
              />
            )}
          </>
        )}
      </section>

      <SyncPanel canManage={can("manage-settings")} />
      <UpdatesPanel />
      <PinPanel />
      {can("answer-consult") && <HoursPanel pharmacy={pharmacy} />}
      {can("manage-users") && <UsersPanel me={user} />}
      {can("manage-settings") && <BackupPanel />}
      {can("view-audit") && <AuditPanel key={auditRecord} initialRecordId={auditRecord} />}
    </section>
  );
}

function PharmacyFacts({ pharmacy }: { pharmacy: PharmacySettings }) {
  const { t, locale } = useL10n();
  const { callingWindow, refillProgram } = pharmacy;
  return (
    <dl className="facts">
      <Fact label={t("settings-pharmacy-name")}>{pharmacy.name}</Fact>
      <Fact label={t("settings-pharmacy-phone")}>{formatPhone(pharmacy.phone)}</Fact>
      <Fact label={t("settings-pharmacy-time-zone")}>
        {t("zone-with-id", { name: timeZoneName(locale, pharmacy.timeZone), id: pharmacy.timeZone })}
      </Fact>
      <Fact label={t("settings-calling-window")}>
        {t("settings-calling-window-value", {
          start: formatTimeOfDay(locale, callingWindow.start),
          end: formatTimeOfDay(locale, callingWindow.end),
        })}
      </Fact>
      <Fact label={t("settings-reminder-lead")}>
        {t("settings-reminder-lead-value", { days: refillProgram.reminderLeadDays })}
      </Fact>
      <Fact label={t("settings-too-soon")}>
        {t("settings-too-soon-value", { percent: formatPercent(locale, refillProgram.tooSoonPercent) })}
      </Fact>
      <Fact label={t("settings-idle-lock")}>{t("settings-idle-lock-value", { minutes: pharmacy.idleLockMinutes })}</Fact>
      <Fact label={t("settings-task-escalation-fact")}>
        {t("settings-task-escalation-value", { hours: pharmacy.taskEscalationHours })}
      </Fact>
    </dl>
  );
}
