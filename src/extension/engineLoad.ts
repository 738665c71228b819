/**
 * When the engine (src/core) is loaded. The desktop build loads it on first use from
 * `dist/engine.js` (scripts/lib/lazyEngine.mjs), not at activation; the web build has it in its one
 * bundle and says so at activation. Work that must happen before the engine's first answer but
 * must not load it (the display language of its messages) is registered here.
 */
const pending: Array<() => void> = [];
let loaded = false;

/** Runs `fn` now if the engine is loaded, else right after it loads (before the call that loaded it returns). */
export function onEngineLoad(fn: () => void): void {
  if (loaded) fn();
  else pending.push(fn);
}

/** Called once the engine's code is in: runs the hooks registered so far. */
export function engineLoaded(): void {
  if (loaded) return;
  loaded = true;
  for (const fn of pending.splice(0)) fn();
}

export function isEngineLoaded(): boolean {
  return loaded;
}
