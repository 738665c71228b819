/** Hover and CodeLens say how the script is launched and where that was read (issue 12), from the one builder. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverAt } from '../../../src/core/analysis/hover';
import { codeLenses } from '../../../src/core/analysis/codeLens';
import type { AnalysisEnv, LaunchContext } from '../../../src/core/analysis/api';
import { withCursor } from './cursor';
import { envWith, gpus, tinyLlama } from './helpers';

const TORCHRUN: LaunchContext = { processes: 2, from: 'run.sh:3', command: 'torchrun --nproc_per_node 2', visibleDevices: 4, bypass: true };

function env(launch?: LaunchContext): AnalysisEnv {
  const base = envWith(tinyLlama(), gpus(4));
  return launch ? { ...base, launch } : base;
}

test('the CodeLens above a map says the processes, the script line and the launch command', () => {
  const { doc } = withCursor('model = AutoModelForCausalLM.from_pretrained("tiny", device_map={"": 0})|');
  const titles = codeLenses(doc, env(TORCHRUN)).map((l) => l.title);
  assert.ok(
    titles.includes('2 processes, from run.sh:3 (torchrun --nproc_per_node 2); 4 visible cards, ACCELERATE_BYPASS_DEVICE_MAP=true'),
    titles.join('\n'),
  );
  // No launch known: no such lens.
  assert.ok(!codeLenses(doc, env()).some((l) => /process/.test(l.title)));
});

test('the hover on a map ends with the launch; on a rank-dependent value it gives the cards of each rank', () => {
  const { doc, offset } = withCursor(
    'import os\nr = int(os.environ["LOCAL_RANK"])\nmodel = AutoModelForCausalLM.from_pretrained("tiny", device_map="au|to", max_memory={2 * r: "9GiB", 2 * r + 1: "9GiB"})',
  );
  const h = hoverAt(doc, offset, env(TORCHRUN))!;
  assert.match(h.markdown, /\*\*Launch:\*\* 2 processes, from run\.sh:3 \(torchrun --nproc_per_node 2\)/);
  assert.match(h.markdown, /\*\*Cards per rank:\*\* rank 0: cuda:0, cuda:1 · rank 1: cuda:2, cuda:3$/);
  const local = withCursor(
    'import os\nmodel = AutoModelForCausalLM.from_pretrained("tiny", device_map={"": int(os.environ["LOC|AL_RANK"])})',
  );
  const v = hoverAt(local.doc, local.offset, env({ processes: 3, from: 'the processes setting' }))!;
  assert.equal(
    v.markdown,
    '**Launch:** 3 processes, from the processes setting\n\n**Cards per rank:** rank 0: cuda:0 · rank 1: cuda:1 · rank 2: cuda:2',
  );
});
