// `npm run check:layers`: the import rules of src/ (scripts/lib/layers.mjs); esbuild.mjs runs the same check before every build.
import { checkLayers, readSources } from './lib/layers.mjs';

const problems = checkLayers(readSources(process.cwd()));
for (const p of problems) console.error(p);
if (problems.length > 0) {
  console.error(`${problems.length} import rule(s) broken; see scripts/lib/layers.mjs and ARCHITECTURE.md`);
  process.exit(1);
}
console.log('layers: src/ imports follow the layer order, faces use src/core/index.ts, no cycles');
