import { useEffect, useState } from "react";
import { run } from "../api";
import { commands, type PharmacySettings } from "../bindings";
import { ViewHeader } from "../components/ViewHeader";
import { useFocusOnMount } from "../hooks/useFocusOnMount";
import { useL10n } from "../l10n/context";
import { PharmacySettingsForm } from "./PharmacySettingsForm";
import { useCan } from "../permissions";

/** How often a store without a pharmacy looks again: one may arrive from the server. */
const LOOK_AGAIN_MS = 5_000;

/** The zone this computer is set to, as the setup form's first suggestion. */
function computerZone(): string | null {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/**
 * Before the pharmacy exists: a supervisor describes it (the defaults shown, each checked by the
 * domain's rules when saved); anyone else is told who can. It may also arrive from the pharmacy's
 * server, so the store is asked again every few seconds.
 */
export function PharmacySetup({
  onPharmacyChange,
}: {
  onPharmacyChange: (pharmacy: PharmacySettings) => void;
}) {
  const { t } = useL10n();
  const isSupervisor = useCan()("manage-settings");
  const [defaults, setDefaults] = useState<PharmacySettings | null>(null);

  useEffect(() => {
    if (!isSupervisor) return;
    let active = true;
    void commands.pharmacyDefaults(computerZone()).then((settings) => {
      if (active) setDefaults(settings);
    });
    return () => {
      active = false;
    };
  }, [isSupervisor]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      void run(commands.getPharmacy).then((result) => {
        if (result.status === "ok") onPharmacyChange(result.data);
      });
    }, LOOK_AGAIN_MS);
    return () => {
      window.clearInterval(timer);
    };
  }, [onPharmacyChange]);

  return (
    <div className="pharmacy-setup" data-testid="pharmacy-setup">
      <p className="hint">{isSupervisor ? t("setup-pharmacy-help-supervisor") : t("setup-pharmacy-help-other")}</p>
      {isSupervisor && defaults !== null && (
        <PharmacySettingsForm pharmacy={defaults} mode="setup" onSaved={onPharmacyChange} />
      )}
    </div>
  );
}

/** What every section but Settings shows until the pharmacy exists. */
export function PharmacyMissingView({
  onPharmacyChange,
}: {
  onPharmacyChange: (pharmacy: PharmacySettings) => void;
}) {
  const titleRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <section className="view" aria-labelledby="setup-pharmacy-title">
      <ViewHeader section="setup-pharmacy" titleRef={titleRef} />
      <section className="panel settings-panel">
        <PharmacySetup onPharmacyChange={onPharmacyChange} />
      </section>
    </section>
  );
}
