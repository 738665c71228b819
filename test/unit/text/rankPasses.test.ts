/** Maps that read the rank are evaluated once per process (issue 12): every way scripts read it, and what stays rank-free. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPythonMaps } from '../../../src/core/text/python/findPython';

const LOAD = (map: string, extra = '') => `model = AutoModelForCausalLM.from_pretrained("m", device_map=${map}${extra})`;

function gpusPerRank(src: string): unknown {
  const m = findPythonMaps(src).maps[0]!;
  return m.ranks?.slice(0, 3).map((v) => (v.kind === 'strategy' ? v.budgeted : v.devices));
}

const READS: Array<[string, string]> = [
  ['LOCAL_RANK from os.environ[...]', `import os\n${LOAD('{"": int(os.environ["LOCAL_RANK"])}')}`],
  ['os.environ.get with a default', `import os\nlocal_rank = int(os.environ.get("LOCAL_RANK", 0))\n${LOAD('{"": local_rank}')}`],
  ['os.getenv("RANK")', `import os\n${LOAD('{"": int(os.getenv("RANK", "0"))}')}`],
  ['PartialState().process_index', `from accelerate import PartialState\n${LOAD('{"": PartialState().process_index}')}`],
  ['an Accelerator variable', `acc = Accelerator()\n${LOAD('{"": acc.local_process_index}')}`],
  ['torch.distributed.get_rank()', `import torch.distributed as dist\n${LOAD('f"cuda:{dist.get_rank()}"')}`],
  ['args.local_rank', `args = parser.parse_args()\n${LOAD('{"": args.local_rank}')}`],
];

for (const [what, src] of READS) {
  test(`the rank read as ${what} gives each process its own card`, () => {
    assert.deepEqual(gpusPerRank(src), [[0], [1], [2]]);
  });
}

test('a rank-dependent max_memory gives each rank the cards it budgets ("0GiB" budgets nothing)', () => {
  const src = `import os\nr = int(os.environ["LOCAL_RANK"])\n${LOAD('"auto"', ', max_memory={2 * r: "20GiB", 2 * r + 1: "20GiB", 7: "0GiB", "cpu": "30GiB"}')}`;
  assert.deepEqual(gpusPerRank(src), [
    [0, 1, 'cpu'],
    [2, 3, 'cpu'],
    [4, 5, 'cpu'],
  ]);
});

test('a map that reads no rank, or reads it but does not change with it, has no per-rank views', () => {
  assert.equal(findPythonMaps(LOAD('"auto"')).maps[0]!.ranks, undefined);
  const unused = `import os\nr = int(os.environ["LOCAL_RANK"])\nprint(r)\n${LOAD('{"": 0}')}`;
  assert.equal(findPythonMaps(unused).maps[0]!.ranks, undefined);
});

test('in the ordinary pass a rank read is unknown, as before: the map is not judged on a guessed rank', () => {
  const m = findPythonMaps(`import os\n${LOAD('{"": int(os.environ["LOCAL_RANK"])}')}`).maps[0]!;
  assert.equal(m.entries[0]!.value.device, undefined);
  assert.equal(m.entries[0]!.value.raw, 'int(os.environ["LOCAL_RANK"])');
});

test('a rank that changes control flow still finds the map at the same call', () => {
  const src = `import os\nr = int(os.environ["LOCAL_RANK"])\nif r == 0:\n    dm = {"": 0}\nelse:\n    dm = {"": 3}\n${LOAD('dm')}`;
  assert.deepEqual(gpusPerRank(src), [[0], [3], [3]]);
});
