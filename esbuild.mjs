// One build script, named targets: `node esbuild.mjs [extension|web|webview|cli ...] [--watch]`.
// A plugin makes any vscode / node:* / Node built-in import inside src/core a build error,
// so the engine stays pure and runs in the webview and the web extension.
import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Fails the build when a file under src/core (or src/protocol) imports vscode or Node built-ins. */
const corePurity = {
  name: 'core-purity',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      if (!args.importer) return undefined;
      const rel = relative(process.cwd(), args.importer).split(sep).join('/');
      if (!/^src\/(core|protocol)\//.test(rel)) return undefined;
      if (args.path === 'vscode' || builtins.has(args.path) || args.path.startsWith('node:')) {
        return { errors: [{ text: `src/core must stay pure: "${args.path}" imported by ${rel}` }] };
      }
      return undefined;
    });
  },
};

// 'module' first: jsonc-parser's UMD build uses dynamic requires a bundle cannot follow.
const common = { bundle: true, mainFields: ['module', 'main'], sourcemap: true, logLevel: 'warning', plugins: [corePurity], legalComments: 'none' };

export const targets = {
  extension: {
    entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js',
    platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'],
  },
  // The finder on a worker thread for long documents (src/extension/finder), shipped next to extension.js.
  finderWorker: {
    entryPoints: ['src/extension/finder/worker.ts'], outfile: 'dist/finder-worker.js',
    platform: 'node', format: 'cjs', target: 'node20',
  },
  web: {
    entryPoints: ['src/extension/web.ts'], outfile: 'dist/web/extension.js',
    platform: 'browser', format: 'cjs', target: 'es2022', external: ['vscode'],
  },
  webview: {
    entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js',
    platform: 'browser', format: 'iife', target: 'es2022',
  },
  cli: {
    entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js',
    platform: 'node', format: 'cjs', target: 'node20',
  },
  // The engine timed in-process against transformers on a GPU host (tools/time_vs_transformers.py).
  timing: {
    entryPoints: ['tools/time_engine.ts'], outfile: 'dist/time-engine.js',
    platform: 'node', format: 'cjs', target: 'node20',
  },
  // The engine alone, built for the browser: proves src/core has no Node or vscode import.
  core: {
    entryPoints: ['src/core/index.ts'], outfile: 'dist/core-check.js',
    platform: 'neutral', format: 'esm', target: 'es2022', mainFields: ['module', 'main'],
  },
};

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const production = args.includes('--production');
const names = args.filter((a) => !a.startsWith('--'));
const chosen = (names.length ? names : Object.keys(targets)).filter((n) => {
  if (!targets[n]) throw new Error(`unknown target ${n}; known: ${Object.keys(targets).join(', ')}`);
  return existsSync(targets[n].entryPoints[0]);
});

for (const name of chosen) {
  const opts = { ...common, ...targets[name], minify: production };
  if (watch) {
    const ctx = await esbuild.context(opts);
    await ctx.watch();
    console.log(`watching ${name}`);
  } else {
    await esbuild.build(opts);
    console.log(`built ${name} -> ${targets[name].outfile}`);
  }
}
