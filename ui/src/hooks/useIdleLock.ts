import { useEffect, useRef } from "react";

const ACTIVITY_EVENTS = ["keydown", "mousedown", "mousemove", "wheel", "touchstart"] as const;
/** How often activity is reported to the shell, which locks a session it has not heard from. */
const HEARTBEAT_MS = 30_000;
const CHECK_MS = 1_000;

/**
 * Calls `onIdle` once no keyboard or mouse activity has been seen for `idleSeconds`, and
 * `onActivity` at most every 30 seconds while there is activity. Off while `enabled` is false.
 */
export function useIdleLock(
  idleSeconds: number,
  enabled: boolean,
  onIdle: () => void,
  onActivity: () => void,
) {
  const lastActivity = useRef(0);
  const lastReport = useRef(0);
  const callbacks = useRef({ onIdle, onActivity });
  useEffect(() => {
    callbacks.current = { onIdle, onActivity };
  }, [onIdle, onActivity]);

  useEffect(() => {
    if (!enabled) return;
    lastActivity.current = Date.now();
    lastReport.current = Date.now();
    function onEvent() {
      const now = Date.now();
      lastActivity.current = now;
      // Often enough that the shell never thinks an active window idle.
      if (now - lastReport.current >= Math.min(HEARTBEAT_MS, (idleSeconds * 1000) / 3)) {
        lastReport.current = now;
        callbacks.current.onActivity();
      }
    }
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, onEvent, { passive: true, capture: true });
    const timer = window.setInterval(() => {
      if (Date.now() - lastActivity.current >= idleSeconds * 1000) callbacks.current.onIdle();
    }, CHECK_MS);
    return () => {
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, onEvent, { capture: true });
      window.clearInterval(timer);
    };
  }, [enabled, idleSeconds]);
}
