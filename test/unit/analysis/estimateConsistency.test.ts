/**
 * Issue 7: one estimate everywhere. For every example map and several
 * `deviceMapStudio.estimate.*` settings, the CodeLens, the status bar, DM011's
 * per-card figure, the panel's bar totals (opened with its default options)
 * and `device-map estimate --json` give the same bytes per card.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { factsOf } from '../../../src/core/analysis/analyze';
import type { AnalysisEnv } from '../../../src/core/analysis/api';
import { codeLenses } from '../../../src/core/analysis/codeLens';
import { buildContext } from '../../../src/core/analysis/context';
import { defaultEstimateMode, DEFAULT_ESTIMATE_SETTINGS, type EstimateSettings } from '../../../src/core/analysis/estimateChoice';
import { bytes, deviceLabel } from '../../../src/core/analysis/format';
import { hoverAt } from '../../../src/core/analysis/hover';
import { statusPeak } from '../../../src/core/analysis/statusPeak';
import { peakUsage } from '../../../src/core/analysis/usage';
import type { Device } from '../../../src/core/base/devices';
import { createPanelDeps } from '../../../src/core/view/deps';
import { PanelSession } from '../../../src/core/view/session';
import { cli } from '../../helpers/cli';
import { EXAMPLES_ROOT, exampleDoc, exampleEnv } from './repoExampleEnv';
import { cliStepArgs } from '../../helpers/cliStepArgs';

const FILES = [
  ...readdirSync(EXAMPLES_ROOT)
    .filter((n) => /\.(py|json)$/.test(n))
    .map((n) => join(EXAMPLES_ROOT, n)),
  ...readdirSync(join(EXAMPLES_ROOT, 'diagnostics'))
    .filter((n) => /^DM01[12]_.*\.py$/.test(n))
    .map((n) => join(EXAMPLES_ROOT, 'diagnostics', n)),
];

const SETTINGS: Array<[string, EstimateSettings]> = [
  ['auto (defaults)', DEFAULT_ESTIMATE_SETTINGS],
  ['load', { ...DEFAULT_ESTIMATE_SETTINGS, mode: 'load' }],
  ['generate 2 × 256 + 32', { mode: 'generate', batch: 2, seqLength: 256, newTokens: 32 }],
  ['train 1 × 1024', { ...DEFAULT_ESTIMATE_SETTINGS, mode: 'train', seqLength: 1024 }],
];

let checkedMaps = 0;

for (const file of FILES) {
  for (const [label, settings] of SETTINGS) {
    test(`${file.slice(EXAMPLES_ROOT.length + 1)}, estimate.mode ${label}: CodeLens = status bar = DM011 = panel = CLI`, async () => {
      const doc = exampleDoc(file);
      const env: AnalysisEnv = { ...exampleEnv, estimateMode: (f) => defaultEstimateMode(f, settings) };
      const facts = factsOf(doc);
      const lenses = codeLenses(doc, env).filter((l) => !l.command);
      const session = new PanelSession(
        createPanelDeps({
          lookupModel: env.lookupModel,
          onModelsResolved: () => ({ dispose() {} }),
          readSetup: () => env.setup,
          saveGpus: async () => {},
          readEstimateSettings: () => settings,
        }),
      );
      let maps = 0;
      for (const [i, map] of facts.maps.entries()) {
        if (map.kind !== 'dict' || !map.reachesModel) continue;
        const ctx = buildContext(doc, env, facts, map, i);
        if (ctx.lookup.status !== 'ok') continue;
        maps++;
        const mode = defaultEstimateMode(facts, settings);

        // DM011's figure per card.
        const dm011 = new Map(peakUsage(ctx).map((c) => [c.device, c.total]));
        assert.ok(dm011.size > 0, 'DM011 has an estimate');

        // CodeLens: one `cuda:N <bytes>` per card, from the same numbers.
        const span = map.callSpan ?? map.span;
        const lens = lenses.find((l) => l.span.start === span.start && l.span.end === span.end);
        assert.ok(lens, 'a totals CodeLens');
        for (const [d, total] of dm011)
          assert.ok(lens.title.includes(`${deviceLabel(d)} ${bytes(total)}`), `${lens.title} lacks ${deviceLabel(d)} ${bytes(total)}`);

        // Status bar: the busiest card's bytes, which DM011 counts for that card too.
        const peak = statusPeak(doc, span.start, env);
        assert.ok(peak, 'a status-bar figure');
        const peakDevice = [...dm011.keys()].find((d) => deviceLabel(d) === peak.device);
        assert.ok(peakDevice !== undefined, `${peak.device} is a card DM011 counts`);
        assert.equal(peak.bytes, dm011.get(peakDevice));
        const shares = [...dm011].map(([d, t]) => t / (typeof d === 'number' ? (env.setup.gpus[d]?.memory ?? 2 ** 50) : 2 ** 50));
        assert.equal(peak.bytes / (env.setup.gpus[peakDevice as number]?.memory ?? 2 ** 50), Math.max(...shares), 'the busiest card');

        // Hover on the map: the same total per card in its table.
        const hover = hoverAt(doc, (map.dictSpan ?? map.span).start + 1, env);
        assert.ok(hover, 'a hover on the map');
        for (const [d, total] of dm011)
          assert.match(hover.markdown, new RegExp(`\\| ${deviceLabel(d)} \\|[^\\n]*\\| ${bytes(total).replace('.', '\\.')} \\|`));

        // Panel, opened with its default options: the bar totals.
        const options = session.defaultOptions(doc);
        const r = session.snapshot({ ...doc, uri: `file://${file}`, version: 1 }, i, options);
        assert.equal(r.kind, 'snapshot', r.kind === 'empty' ? r.message : '');
        if (r.kind !== 'snapshot') return;
        const bars = new Map<Device, number>(r.snapshot.columns.map((c) => [c.device as Device, c.memory.total]));
        for (const [d, total] of dm011) if (bars.has(d)) assert.equal(bars.get(d), total, `panel ${deviceLabel(d)}`);
        assert.ok(
          [...dm011.keys()].some((d) => bars.has(d)),
          'the panel draws the cards',
        );

        // CLI: `device-map estimate --json` for the same model, map, dtype and step.
        const mapJson = JSON.stringify(Object.fromEntries(ctx.devices));
        const q = map.quantization ? ['--quantization', map.quantization.method === 'bnb-4bit' ? '4bit' : '8bit'] : [];
        const out = await cli([
          'estimate',
          '--model',
          ctx.lookup.origin,
          '--map',
          mapJson,
          ...cliStepArgs(mode),
          ...(map.dtype ? ['--dtype', map.dtype] : []),
          ...q,
          '--json',
        ]);
        assert.equal(out.code, 0, out.stderr);
        const devices = (JSON.parse(out.stdout) as { devices: Record<string, { total: number }> }).devices;
        for (const [d, total] of dm011) assert.equal(devices[String(d)]?.total, total, `CLI ${deviceLabel(d)}`);
      }
      checkedMaps += maps;
    });
  }
}

test('the consistency checks above covered maps (not a vacuous pass)', () => {
  assert.ok(checkedMaps >= FILES.length, `${checkedMaps} maps checked`);
});
