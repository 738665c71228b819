// The import rules of src/, checked on every build (esbuild.mjs) and so on every `npm test`:
//   1. src/core's folders form a line (CORE_ORDER): a file imports only from its own layer
//      or the layers before it, type-only imports included, so no two layers depend on each other.
//   2. src/core stays pure: no vscode, no Node built-ins, nothing from the faces.
//   3. The faces (FACES) import the core only through its public index, src/core/index.ts,
//      and only the other faces listed for them.
//   4. No import cycle between files (runtime imports; a type-only import is erased when built).
// Pure: give it the sources as a Map(path -> text); readSources() reads them from disk.
import ts from 'typescript';
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';

/** The layers of src/core, lowest first: a folder, or a single file at src/core's root. */
export const CORE_ORDER = [
  'base',
  'models',
  'memory',
  'placement',
  'settings.ts',
  'gpuSpecs.ts',
  'gpuHost',
  'text',
  'analysis',
  // One-click setup (issue 17): models, memory, placement, the planner policy and the estimate -> a map and files.
  'setup',
  'config',
  'view',
  'locale',
  'index.ts',
];

/** Each face, and the other faces it may import (every face may import src/core/index.ts). */
export const FACES = {
  protocol: [],
  node: [],
  webview: ['protocol'],
  extension: ['protocol', 'node'],
  // The language server (`device-map lsp --stdio`), started by the CLI.
  lsp: ['node'],
  cli: ['node', 'lsp'],
};

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Every import and re-export of a file: the specifier, its line, and whether only types cross it. */
export function importsOf(path, text) {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out = [];
  const add = (node, spec, typeOnly) => out.push({ spec, typeOnly, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const c = node.importClause;
      const named = c?.namedBindings && ts.isNamedImports(c.namedBindings) ? c.namedBindings.elements : undefined;
      const typeOnly = !!c && (c.isTypeOnly || (!c.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
      add(node, node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node, node.moduleSpecifier.text, node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      add(node, node.arguments[0].text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** The file a relative specifier names (`../x` -> `src/x.ts` or `src/x/index.ts`), as a repository path. */
function resolveSpec(from, spec, known) {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  for (const c of [base, `${base}.ts`, `${base}/index.ts`]) if (known.has(c)) return c;
  return base.endsWith('.ts') || base.endsWith('.json') ? base : `${base}.ts`;
}

/** `src/core/text/find.ts` -> `text`; `src/core/settings.ts` -> `settings.ts`; undefined outside src/core. */
export function coreLayerOf(path) {
  const m = /^src\/core\/([^/]+)(\/)?/.exec(path);
  if (!m) return undefined;
  return m[1];
}

function faceOf(path) {
  const m = /^src\/([^/]+)\//.exec(path);
  return m && m[1] !== 'core' ? m[1] : undefined;
}

const orderText = CORE_ORDER.join(' → ');

/** Problems with the imports of `sources` (Map of repository path -> text); empty when the rules hold. */
export function checkLayers(sources) {
  const problems = [];
  const known = new Set(sources.keys());
  const runtime = new Map();
  for (const [path, text] of sources) {
    if (!path.startsWith('src/') || !path.endsWith('.ts')) continue;
    const edges = [];
    runtime.set(path, edges);
    const layer = coreLayerOf(path);
    const face = faceOf(path);
    if (layer !== undefined && !CORE_ORDER.includes(layer))
      problems.push(`${path}: src/core/${layer} is in no layer; add it to CORE_ORDER in scripts/lib/layers.mjs`);
    if (face !== undefined && !(face in FACES))
      problems.push(`${path}: src/${face} is neither the core nor a known face; add it to FACES in scripts/lib/layers.mjs`);
    for (const { spec, typeOnly, line } of importsOf(path, text)) {
      const at = `${path}:${line}`;
      if (!spec.startsWith('.')) {
        if (layer !== undefined && (spec === 'vscode' || builtins.has(spec)))
          problems.push(`${at}: src/core must stay pure, but imports "${spec}"`);
        continue;
      }
      const target = resolveSpec(path, spec, known);
      if (!typeOnly) edges.push(target);
      const tLayer = coreLayerOf(target);
      const tFace = faceOf(target);
      if (layer !== undefined) {
        if (tLayer === undefined) problems.push(`${at}: src/core imports "${spec}" from outside the core`);
        else if (CORE_ORDER.includes(layer) && CORE_ORDER.indexOf(tLayer) > CORE_ORDER.indexOf(layer)) {
          problems.push(`${at}: ${layer} imports "${spec}" from ${tLayer}, a later layer (the order is ${orderText})`);
        }
      } else if (face !== undefined) {
        if (tLayer !== undefined && target !== 'src/core/index.ts') {
          problems.push(`${at}: src/${face} imports "${spec}"; faces import the core through src/core/index.ts`);
        } else if (tFace !== undefined && tFace !== face && !(FACES[face] ?? []).includes(tFace)) {
          problems.push(
            `${at}: src/${face} imports "${spec}" from src/${tFace}, which it may not (allowed: ${(FACES[face] ?? []).join(', ') || 'none'})`,
          );
        }
      }
    }
  }
  for (const cycle of cyclesOf(runtime)) problems.push(`import cycle: ${[...cycle, cycle[0]].join(' → ')}`);
  return problems;
}

/** Strongly connected components with more than one file (Tarjan), each as a path through its files. */
function cyclesOf(graph) {
  let next = 0;
  const index = new Map(),
    low = new Map(),
    stack = [],
    onStack = new Set(),
    out = [];
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.reverse());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out;
}

/** Every .ts file under `dir` (default src), keyed by its path relative to `root`, `/`-separated. */
export function readSources(root, dir = 'src') {
  const out = new Map();
  const walk = (rel) => {
    for (const name of readdirSync(join(root, rel)).sort()) {
      const r = `${rel}/${name}`;
      if (statSync(join(root, r)).isDirectory()) walk(r);
      else if (name.endsWith('.ts')) out.set(r, readFileSync(join(root, r), 'utf8'));
    }
  };
  walk(dir);
  return out;
}
