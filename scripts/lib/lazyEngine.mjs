// The extension host's engine, loaded on first use (issue 16: the activation bundle <= 400 KiB,
// activation <= 100 ms). The desktop build (target `extension`) does not bundle src/core: every
// import of src/core/index.ts from the host's files (src/extension, src/node, src/protocol) becomes
// a small module whose exports are getters, and the first getter read loads `dist/engine.js`
// (target `engine`: src/core/index.ts alone, built for Node) with `require`, once. esbuild keeps an
// imported name as a property read at each use (`import_core.analyzeDocument(...)`), so nothing
// is loaded at import time, only when the host first calls into the engine.
// The host and the engine share one copy of src/core (its module state: the message locale, the
// parse and memo caches), so nothing is duplicated. The web build cannot `require` a file and keeps
// one bundle; the worker (dist/finder-worker.js) has its own copy on its own thread, as before.
// `src/extension/engineLoad.ts` is told when the engine loads (it runs the hooks registered
// before, such as the display language of the engine's messages).
import * as esbuild from 'esbuild';
import { resolve } from 'node:path';

export const ENGINE_FILE = 'engine.js';

/** The names src/core/index.ts exports, from an in-memory esbuild pass (the metafile lists them). */
async function coreExports(root) {
  const r = await esbuild.build({
    entryPoints: [resolve(root, 'src/core/index.ts')],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    outfile: 'core-exports.js',
  });
  return Object.values(r.metafile.outputs).find((o) => o.exports)?.exports ?? [];
}

/** The module every host import of src/core/index.ts gets in the desktop bundle (CommonJS: getters only). */
function lazyModule(names, hookPath) {
  return [
    `const { engineLoaded } = require(${JSON.stringify(hookPath)});`,
    'let engine;',
    'function load() {',
    '  if (engine === undefined) {',
    `    engine = require(__dirname + ${JSON.stringify(`/${ENGINE_FILE}`)});`,
    '    engineLoaded();',
    '  }',
    '  return engine;',
    '}',
    `for (const name of ${JSON.stringify(names)})`,
    '  Object.defineProperty(module.exports, name, { enumerable: true, get: () => load()[name] });',
  ].join('\n');
}

export function lazyEngine(root) {
  const core = resolve(root, 'src/core/index.ts');
  const hookPath = resolve(root, 'src/extension/engineLoad.ts');
  return {
    name: 'lazy-engine',
    setup(build) {
      build.onResolve({ filter: /core\/index$/ }, (args) => {
        if (!args.importer || resolve(args.resolveDir, args.path) + '.ts' !== core) return undefined;
        return { path: 'lazy-core', namespace: 'lazy-engine' };
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy-engine' }, async () => ({
        contents: lazyModule(await coreExports(root), hookPath),
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}
