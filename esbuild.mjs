// One build script, named targets: `node esbuild.mjs [extension|web|webview|cli ...] [--watch]`.
// A plugin makes any vscode / node:* / Node built-in import inside src/core a build error,
// so the engine stays pure and runs in the webview and the web extension.
// A full build (no target named, as `npm run build` and `npm test` run it) first checks the
// import rules of src/ (scripts/lib/layers.mjs: the core's layer order, faces through
// src/core/index.ts, no cycles) and fails on any broken one.
import * as esbuild from 'esbuild';
import { builtinModules } from 'node:module';
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { checkLayers, readSources } from './scripts/lib/layers.mjs';
import { lazyEngine } from './scripts/lib/lazyEngine.mjs';

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

/**
 * Marks every src/core module free of side effects (none has any: module-level code only fills
 * the module's own tables), so a face that imports one name from src/core/index.ts bundles only
 * what that name needs, not the whole engine (the webview would otherwise carry the Python parser).
 */
const coreSideEffectFree = {
  name: 'core-side-effect-free',
  setup(build) {
    build.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData?.coreSideEffectFree) return undefined;
      const r = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: { coreSideEffectFree: true },
      });
      if (r.errors.length > 0 || !relative(process.cwd(), r.path).split(sep).join('/').startsWith('src/core/')) return undefined;
      return { path: r.path, sideEffects: false };
    });
  },
};

// 'module' first: jsonc-parser's UMD build uses dynamic requires a bundle cannot follow.
const common = {
  bundle: true,
  mainFields: ['module', 'main'],
  sourcemap: true,
  logLevel: 'warning',
  plugins: [corePurity, coreSideEffectFree],
  legalComments: 'none',
};

export const targets = {
  extension: {
    entryPoints: ['src/extension/main.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    // src/core is not in this bundle: it is dist/engine.js, loaded on first use (scripts/lib/lazyEngine.mjs).
    plugins: [corePurity, coreSideEffectFree, lazyEngine(process.cwd())],
  },
  // The engine the extension host loads on first use (issue 16: kept out of the activation bundle).
  engine: {
    entryPoints: ['src/core/index.ts'],
    outfile: 'dist/engine.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // The finder on a worker thread for long documents (src/extension/finder), shipped next to extension.js.
  finderWorker: {
    entryPoints: ['src/extension/finder/worker.ts'],
    outfile: 'dist/finder-worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // The same analysis worker for the web build (a classic Web Worker script: VS Code's web extension host
  // loads nested workers with importScripts), shipped next to dist/web/extension.js.
  webFinderWorker: {
    entryPoints: ['src/extension/finder/webWorker.ts'],
    outfile: 'dist/web/finder-worker.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  web: {
    entryPoints: ['src/extension/web.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
  },
  webview: {
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  cli: {
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // The engine timed in-process against transformers on a GPU host (tools/time_vs_transformers.py).
  timing: {
    entryPoints: ['tools/time_engine.ts'],
    outfile: 'dist/time-engine.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // The engine alone, built for the browser: proves src/core has no Node or vscode import.
  core: {
    entryPoints: ['src/core/index.ts'],
    outfile: 'dist/core-check.js',
    platform: 'neutral',
    format: 'esm',
    target: 'es2022',
    mainFields: ['module', 'main'],
  },
};

const args = process.argv.slice(2);
const watch = args.includes('--watch');
const production = args.includes('--production');
// `--metafile`: also writes dist/<target>.meta.json (esbuild's record of every input's bytes in the output),
// read by scripts/bundle-report.mjs and by the bundle test.
const metafile = args.includes('--metafile');
// `--outdir=DIR`: write the bundles under DIR instead of dist/ (tests build there, never racing dist/).
const outdir = args.find((a) => a.startsWith('--outdir='))?.slice('--outdir='.length);
const outfileOf = (name) => (outdir ? join(outdir, relative('dist', targets[name].outfile)) : targets[name].outfile);
const names = args.filter((a) => !a.startsWith('--'));
// The extension bundle loads dist/engine.js on first use: building one builds the other.
const asked = names.flatMap((n) => (n === 'extension' ? ['extension', 'engine'] : [n]));
const chosen = [...new Set(asked.length ? asked : Object.keys(targets))].filter((n) => {
  if (!targets[n]) throw new Error(`unknown target ${n}; known: ${Object.keys(targets).join(', ')}`);
  return existsSync(targets[n].entryPoints[0]);
});

if (names.length === 0) {
  const problems = checkLayers(readSources(process.cwd()));
  if (problems.length > 0) {
    for (const p of problems) console.error(p);
    console.error(`build failed: ${problems.length} import rule(s) of src/ broken (scripts/lib/layers.mjs, ARCHITECTURE.md)`);
    process.exit(1);
  }
}

for (const name of chosen) {
  const opts = { ...common, ...targets[name], outfile: outfileOf(name), minify: production, metafile };
  if (watch) {
    const ctx = await esbuild.context(opts);
    await ctx.watch();
    console.log(`watching ${name}`);
  } else {
    const result = await esbuild.build(opts);
    if (metafile) writeFileSync(opts.outfile.replace(/\.js$/, '.meta.json'), JSON.stringify(result.metafile));
    console.log(`built ${name} -> ${opts.outfile}`);
  }
}
