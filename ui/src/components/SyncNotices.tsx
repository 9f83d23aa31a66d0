// The signed-in user's changes that the pharmacy's server refused (a consult someone else
// accepted first, a slot taken meanwhile, a step their role does not allow): each was undone on
// this computer, and stays listed here until dismissed.
import { useCallback, useEffect } from "react";
import { run } from "../api";
import { commands } from "../bindings";
import { useCommand } from "../hooks/useCommand";
import { useL10n } from "../l10n/context";
import { formatInstant } from "../l10n/format";
import { SYNC_NOTICE_MESSAGES } from "../l10n/messageIds";

const REFRESH_MS = 15_000;

export function SyncNotices() {
  const { t, locale } = useL10n();
  const notices = useCommand(useCallback(() => commands.syncNotices(), []));
  const { reload } = notices;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => {
      window.clearInterval(timer);
    };
  }, [reload]);
  if (notices.state.status !== "ok" || notices.state.data.length === 0) return null;
  return (
    <section className="sync-notices" role="status" aria-label={t("sync-notices-label")} data-testid="sync-notices">
      <ul className="plain-list">
        {notices.state.data.map((notice) => (
          <li key={notice.id} className="sync-notice">
            <span>
              {t(SYNC_NOTICE_MESSAGES[notice.reason], {
                patient: notice.patientName ?? t("sync-notice-no-patient"),
                what: notice.entity,
              })}
            </span>
            <span className="muted small">{formatInstant(locale, notice.noticedAt)}</span>
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={() => {
                void run(() => commands.dismissSyncNotice(notice.id)).then(reload);
              }}
            >
              {t("sync-notice-dismiss")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
