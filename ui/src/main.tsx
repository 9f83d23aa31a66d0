import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { run } from "./api";
import { commands, type Language } from "./bindings";
import { negotiateLanguage } from "./l10n/bundles";
import { L10nProvider } from "./l10n/L10nProvider";
import "./styles.css";

function rememberLocale(locale: Language): void {
  void run(() => commands.setUiLocale(locale)).then((result) => {
    if (result.status === "error")
      console.error("[l10n] could not remember the interface language:", result.error.code);
  });
}

function start(): void {
  const container = document.getElementById("root");
  if (container === null) throw new Error("#root is missing from index.html");
  createRoot(container).render(
    <StrictMode>
      <L10nProvider initialLocale={negotiateLanguage(navigator.language)} onRemember={rememberLocale}>
        <App />
      </L10nProvider>
    </StrictMode>,
  );
}

start();
// The performance harness times the first frame on screen (two animation frames after the first render).
requestAnimationFrame(() =>
  requestAnimationFrame(() => {
    void run(() => commands.perfMark("first-paint", null));
  }),
);
