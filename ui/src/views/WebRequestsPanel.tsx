// Requests the pharmacy's website sent (refills, callbacks, questions), oldest first with the
// time since they arrived; a coordinator calls back and marks them done.
import { useCallback, useEffect } from "react";
import { run } from "../api";
import { commands } from "../bindings";
import { PhoneLink } from "../components/PhoneLink";
import { useCommand } from "../hooks/useCommand";
import { useNow } from "../hooks/timing";
import { useL10n } from "../l10n/context";
import { formatElapsed } from "../l10n/format";
import { WEB_REQUEST_KIND_MESSAGES } from "../l10n/messageIds";

const REFRESH_MS = 30_000;

export function WebRequestsPanel() {
  const { t, locale } = useL10n();
  const now = useNow();
  const requests = useCommand(useCallback(() => commands.webRequests(), []));
  const { reload } = requests;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => {
      window.clearInterval(timer);
    };
  }, [reload]);
  if (requests.state.status !== "ok" || requests.state.data.length === 0) return null;
  return (
    <section className="panel web-requests" aria-labelledby="web-requests-title" data-testid="web-requests">
      <h2 id="web-requests-title">{t("web-requests-title", { count: requests.state.data.length })}</h2>
      <ul className="plain-list">
        {requests.state.data.map((request) => (
          <li key={request.id} className="web-request" data-testid="web-request">
            <span className="tag tag-consult-requested">{t(WEB_REQUEST_KIND_MESSAGES[request.kind])}</span>
            <span className="patient-name">{request.name}</span>
            <PhoneLink e164={request.phone} name={request.name} />
            <span className="muted small">{formatElapsed(locale, request.receivedAt, now)}</span>
            {request.message !== "" && <span className="web-request-message">{request.message}</span>}
            <button
              type="button"
              className="button button-small button-secondary"
              onClick={() => {
                void run(() => commands.closeWebRequest(request.id)).then(reload);
              }}
            >
              {t("web-request-done")}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
