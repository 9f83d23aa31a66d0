// What enrollment recorded about a patient: address, caregiver, insurance, prescriber and
// allergies. Allergies are health information: on a call they stay hidden until identity is
// verified, like the medications.
import type { PatientProfile } from "../bindings";
import { Fact } from "../components/Fact";
import { PhoneLink } from "../components/PhoneLink";
import { useL10n } from "../l10n/context";
import { formatInstant } from "../l10n/format";

export function PatientProfilePanel({
  profile,
  showHealth,
}: {
  profile: PatientProfile;
  showHealth: boolean;
}) {
  const { t, locale } = useL10n();
  const address = [profile.address.line1, profile.address.line2, profile.address.city, profile.address.state, profile.address.zip]
    .filter((part) => part !== "")
    .join(", ");
  const plans = [profile.primaryInsurance, profile.secondaryInsurance].filter((plan) => plan !== null);
  return (
    <section className="panel panel-wide" aria-labelledby="patient-profile-title" data-testid="patient-profile">
      <h2 id="patient-profile-title">{t("patient-profile")}</h2>
      <dl className="facts">
        <Fact label={t("enroll-address-line1")}>{address}</Fact>
        {profile.email !== null && <Fact label={t("enroll-email")}>{profile.email}</Fact>}
        {profile.interpreterWanted && <Fact label={t("enroll-interpreter-wanted")}>{t("consent-yes")}</Fact>}
        {profile.caregiver !== null && (
          <Fact label={t("enroll-section-caregiver")}>
            {profile.caregiver.name} ({profile.caregiver.relationship}){" "}
            <PhoneLink e164={profile.caregiver.phone} name={profile.caregiver.name} />
            {profile.caregiver.mayDiscussHealth && <span className="muted"> · {t("profile-may-discuss")}</span>}
          </Fact>
        )}
        <Fact label={t("enroll-section-insurance")}>
          {plans.length === 0
            ? t("enroll-uninsured")
            : plans.map((plan) => t("profile-plan", { plan: plan.planName, member: plan.memberId, bin: plan.bin })).join(" · ")}
        </Fact>
        <Fact label={t("enroll-section-prescriber")}>
          {t("profile-prescriber", { name: profile.prescriber.name, npi: profile.prescriber.npi })}
          {profile.prescriber.phone !== null && (
            <>
              {" "}
              <PhoneLink e164={profile.prescriber.phone} name={profile.prescriber.name} />
            </>
          )}
        </Fact>
        <Fact label={t("enroll-section-allergies")}>
          {!showHealth
            ? t("verify-first")
            : profile.allergies.length === 0
              ? t("enroll-allergies-none-known")
              : profile.allergies.join(", ")}
        </Fact>
        <Fact label={t("enroll-auto-refill")}>{t(profile.autoRefill ? "consent-yes" : "consent-no")}</Fact>
        <Fact label={t("profile-enrolled")}>
          {t("profile-enrolled-by", { who: profile.enrolledBy, when: formatInstant(locale, profile.enrolledAt) })}
        </Fact>
      </dl>
    </section>
  );
}
