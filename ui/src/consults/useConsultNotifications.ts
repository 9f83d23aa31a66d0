import { isPermissionGranted, requestPermission, sendNotification } from "@tauri-apps/plugin-notification";
import { useEffect, useRef } from "react";
import { run } from "../api";
import { commands, type Action, type ConsultRow } from "../bindings";
import { useL10n } from "../l10n/context";
import { LANGUAGE_MESSAGES } from "../l10n/messageIds";

const POLL_MS = 30_000;

/** Desktop notifications never name the patient: the screen may be shared. */
async function notify(title: string, body: string) {
  try {
    let granted = await isPermissionGranted();
    if (!granted) granted = (await requestPermission()) === "granted";
    if (granted) sendNotification({ title, body });
  } catch (error) {
    // No notification service (a bare X session): the lists still show everything.
    console.warn("[notifications] unavailable:", error);
  }
}

/**
 * While someone is signed in and the window is unlocked: tells a pharmacist of each new urgent
 * request, and a coordinator when a pharmacist accepts or declines one of theirs.
 */
export function useConsultNotifications(userId: string | null, permitted: readonly Action[], active: boolean) {
  const { t } = useL10n();
  const seenUrgent = useRef<Set<string> | null>(null);
  const statuses = useRef<Map<string, string> | null>(null);
  const translate = useRef(t);
  useEffect(() => {
    translate.current = t;
  }, [t]);

  // The session object is replaced on every refresh; the user and what they may do are what matter.
  const answers = permitted.includes("answer-consult");
  const requests = permitted.includes("request-consult");
  useEffect(() => {
    if (userId === null || !active) return;
    const pharmacist = answers;
    const requester = requests;
    seenUrgent.current = null;
    statuses.current = null;

    async function poll() {
      const tr = translate.current;
      if (pharmacist) {
        const queue = await run(commands.consultQueue);
        if (queue.status === "ok") {
          const urgent = queue.data.filter((row: ConsultRow) => row.consult.urgency === "today");
          const seen = seenUrgent.current;
          for (const row of urgent) {
            if (seen !== null && !seen.has(row.consult.id)) {
              void notify(
                tr("notify-urgent-title"),
                tr("notify-urgent-body", { language: tr(LANGUAGE_MESSAGES[row.consult.language]) }),
              );
            }
          }
          seenUrgent.current = new Set(urgent.map((row) => row.consult.id));
        }
      }
      if (requester) {
        const mine = await run(commands.myConsultRequests);
        if (mine.status === "ok") {
          const previous = statuses.current;
          for (const row of mine.data) {
            const before = previous?.get(row.consult.id);
            if (before === "requested" && row.consult.status === "scheduled") {
              void notify(tr("notify-accepted-title"), tr("notify-accepted-body"));
            } else if (before === "requested" && row.consult.status === "declined") {
              void notify(tr("notify-declined-title"), tr("notify-declined-body"));
            }
          }
          statuses.current = new Map(mine.data.map((row) => [row.consult.id, row.consult.status]));
        }
      }
    }

    void poll();
    const timer = window.setInterval(() => void poll(), POLL_MS);
    return () => {
      window.clearInterval(timer);
    };
  }, [userId, answers, requests, active]);
}
