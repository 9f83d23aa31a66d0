// The computers registered with the pharmacy's server, for supervisors: one that joined with a
// coordinator's or pharmacist's sign-in waits for a supervisor's approval before it syncs, a lost
// or stolen one is removed for good. The server answers only with the supervisor's own
// credential from this computer (issued when they sign in while it is connected; without it the
// commands fail with `sync-credential-missing`, whose message says what to do).
import { useCallback, useRef, useState } from "react";
import { run } from "../api";
import { commands, type AppError, type DeviceRow } from "../bindings";
import { ErrorLine } from "../components/ErrorLine";
import { LoadError, Loading } from "../components/States";
import { useCommand } from "../hooks/useCommand";
import { useL10n } from "../l10n/context";
import { formatInstant } from "../l10n/format";

type DeviceAction = "approve" | "revoke";

/** Folded away until asked for: listing asks the server. */
export function SyncDevices() {
  const { t } = useL10n();
  const [shown, setShown] = useState(false);
  if (!shown) {
    return (
      <button
        type="button"
        className="button button-small button-secondary"
        data-testid="sync-devices-open"
        onClick={() => {
          setShown(true);
        }}
      >
        {t("sync-devices-open")}
      </button>
    );
  }
  return <DevicesList />;
}

function DevicesList() {
  const { t } = useL10n();
  const devices = useCommand(useCallback(() => commands.syncDevices(), []));
  const [error, setError] = useState<AppError | null>(null);
  // The device a request is under way for: its buttons wait.
  const [busy, setBusy] = useState<string | null>(null);
  const rows = useRef(new Map<string, HTMLLIElement>());

  async function act(deviceId: string, action: DeviceAction) {
    setBusy(deviceId);
    const result = await run(() =>
      action === "approve" ? commands.approveDevice(deviceId) : commands.revokeDevice(deviceId),
    );
    setBusy(null);
    if (result.status === "ok") {
      setError(null);
      // The button pressed goes away with the reload: its row keeps the keyboard focus.
      rows.current.get(deviceId)?.focus();
      devices.reload();
    } else {
      setError(result.error);
    }
  }

  return (
    <div className="sync-devices" data-testid="sync-devices">
      <h3>{t("sync-devices-title")}</h3>
      {devices.state.status === "loading" && <Loading />}
      {devices.state.status === "error" && <LoadError error={devices.state.error} onRetry={devices.reload} />}
      {devices.state.status === "ok" && (
        <ul className="plain-list">
          {devices.state.data.map((device) => (
            <li
              key={device.deviceId}
              className="sync-notice"
              data-testid="sync-device"
              tabIndex={-1}
              ref={(element) => {
                if (element === null) rows.current.delete(device.deviceId);
                else rows.current.set(device.deviceId, element);
              }}
            >
              <DeviceLine
                device={device}
                busy={busy === device.deviceId}
                onAct={(action) => void act(device.deviceId, action)}
              />
            </li>
          ))}
        </ul>
      )}
      <ErrorLine error={error} testId="sync-devices-error" />
    </div>
  );
}

interface DeviceLineProps {
  device: DeviceRow;
  /** A request for this device is under way. */
  busy: boolean;
  onAct: (action: DeviceAction) => void;
}

function DeviceLine({ device, busy, onAct }: DeviceLineProps) {
  const { t, locale } = useL10n();
  // The buttons say what they do; the device's name tells a screen reader which one.
  const nameId = `sync-device-${device.deviceId}`;
  return (
    <>
      <span className="patient-name" id={nameId}>
        {device.deviceName}
      </span>
      <span className="muted small">
        {t("sync-device-registered", { who: device.registeredBy, when: formatInstant(locale, device.registeredAt) })}
      </span>
      {device.thisDevice && <span className="tag tag-consult-scheduled">{t("sync-device-this")}</span>}
      <DeviceStatus device={device} />
      {!device.thisDevice && device.status !== "revoked" && (
        <div className="form-actions-inline">
          {device.status === "pending" && (
            <button
              type="button"
              className="button button-small button-primary"
              data-testid="sync-device-approve"
              aria-describedby={nameId}
              disabled={busy}
              onClick={() => {
                onAct("approve");
              }}
            >
              {t("sync-device-approve")}
            </button>
          )}
          <button
            type="button"
            className="button button-small button-secondary"
            data-testid="sync-device-revoke"
            aria-describedby={nameId}
            disabled={busy}
            onClick={() => {
              onAct("revoke");
            }}
          >
            {device.status === "pending" ? t("sync-device-refuse") : t("sync-device-revoke")}
          </button>
        </div>
      )}
    </>
  );
}

function DeviceStatus({ device }: { device: DeviceRow }) {
  const { t, locale } = useL10n();
  switch (device.status) {
    case "pending":
      return (
        <span className="warning-text" data-testid="sync-device-status">
          {t("sync-device-pending")}
        </span>
      );
    case "approved":
      return (
        <span className="small" data-testid="sync-device-status">
          {device.approvedBy !== null
            ? t("sync-device-approved-by", { who: device.approvedBy })
            : t("sync-device-approved")}
        </span>
      );
    case "revoked":
      return (
        <span className="warning-text" data-testid="sync-device-status">
          {device.revokedAt !== null
            ? t("sync-device-revoked", { when: formatInstant(locale, device.revokedAt) })
            : t("sync-device-removed")}
        </span>
      );
  }
}
