// Tell the harness once the first frame is on screen (two animation frames after load).
requestAnimationFrame(() => requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("painted")));
