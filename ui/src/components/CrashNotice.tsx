// After Enlace stopped unexpectedly: the next start says so once and offers the logs folder,
// where the crash report (without patient data) waits for IT.
import { useEffect, useState } from "react";
import { run } from "../api";
import { commands, type CrashNotice as Notice } from "../bindings";
import { useL10n } from "../l10n/context";

export function CrashNotice() {
  const { t } = useL10n();
  const [notice, setNotice] = useState<Notice | null>(null);
  useEffect(() => {
    void run(commands.crashNotice).then((result) => {
      if (result.status === "ok") setNotice(result.data);
    });
  }, []);
  if (notice === null) return null;
  const dismiss = () => {
    setNotice(null);
    void run(commands.dismissCrashNotice);
  };
  return (
    <div className="notice notice-warning no-print" role="status" data-testid="crash-notice">
      <span>{t("crash-notice", { count: notice.count })}</span>
      <button
        type="button"
        className="button button-small"
        data-testid="crash-open-logs"
        onClick={() => {
          void run(commands.openLogsFolder);
          dismiss();
        }}
      >
        {t("crash-open-logs")}
      </button>
      <button type="button" className="button button-small button-secondary" onClick={dismiss}>
        {t("crash-dismiss")}
      </button>
    </div>
  );
}
