// The budgets `npm run bench` holds the extension to (issue 16), one owner for the keys and limits.
// `source` names the bench file that measures a timed key; sizes are measured by scripts/bench.mjs.
export const KIB = 1024;

export const BUDGETS = [
  { key: 'lint_full_10k_ms', what: 'cold analysis, 10,000-line Python file, 50 maps', budget: 100, unit: 'ms', source: 'analysis' },
  {
    key: 'lint_incremental_10k_ms',
    what: 're-analysis after a one-character edit inside one map',
    budget: 20,
    unit: 'ms',
    source: 'analysis',
  },
  { key: 'lint_notebook_1000cells_ms', what: 'a 1,000-cell notebook, cold', budget: 150, unit: 'ms', source: 'analysis' },
  { key: 'completion_ms', what: 'key completion inside a 300-entry map', budget: 10, unit: 'ms', source: 'analysis' },
  { key: 'hover_ms', what: 'hover on a key', budget: 10, unit: 'ms', source: 'analysis' },
  { key: 'plan_70b_ms', what: 'balanced for Llama-2-70B on 8 cards, warm', budget: 2, unit: 'ms', source: 'placement' },
  { key: 'panel_render_80x8_ms', what: 'first render, 80 blocks on 8 cards, headless Chromium', budget: 50, unit: 'ms', source: 'panel' },
  {
    key: 'extension_bundle_bytes',
    what: 'activation bundle dist/extension.js (minified; the engine dist/engine.js loads on first use)',
    budget: 400 * KIB,
    unit: 'bytes',
    source: 'build',
  },
  { key: 'webview_bundle_bytes', what: 'webview bundle, JS + CSS (minified)', budget: 250 * KIB, unit: 'bytes', source: 'build' },
  { key: 'activation_ms', what: 'extension activation in code-server', budget: 100, unit: 'ms', source: 'activation' },
];
