/**
 * Prints the estimate-vs-measured table of docs/calibration.md from the recorded
 * GPU runs. Usage: node --import tsx tools/calibration_report.ts
 */
import { issue19Targets, ownComparisons, relErr, sharedComparisons, withinTarget, type Comparison } from '../test/helpers/measuredCases';

const MiB = (n: number): string => (n / 2 ** 20).toFixed(1);
const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;

function table(rows: Comparison[]): string {
  const lines = [
    '| case | step | GPU | estimate MiB | measured MiB | error | beyond weights est / meas MiB | target | met |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of rows) {
    const e = relErr(c);
    const ok = withinTarget(c);
    lines.push(
      `| ${c.case} | ${c.what} | ${c.device} | ${MiB(c.estimate)} | ${MiB(c.measured)} | ${pct(e)} | ${c.kind === 'weights' ? '—' : `${MiB(c.estimateExtra)} / ${MiB(c.measuredExtra)}`} | ±${pct(c.targets[c.kind])} | ${ok ? 'yes' : '**no**'} |`,
    );
  }
  return lines.join('\n');
}

const all = ownComparisons();
const own = all.filter((c) => !issue19Targets(c.source));
const own19 = all.filter((c) => issue19Targets(c.source));
const shared = sharedComparisons();
const sets = [
  [
    'Issue 19 fit set (1x H100, offload19): CPU offload, BLOOM eager + ALiBi, large-vocabulary LoRA; the offload, ALiBi and buffer terms were fitted on these (targets: weights exact, forward/generate ±5%, training ±10%)',
    own19.filter((c) => !c.case.includes('(blind)')),
  ],
  [
    'Issue 19 blind set (blind19 and any later file named *blind*): measured after the estimate was frozen, nothing fitted on them (same targets)',
    own19.filter((c) => c.case.includes('(blind)')),
  ],
  ['Calibration runs (2x H200): the factors were fitted on these', own.filter((c) => !/\((validation|blind)\)/.test(c.case))],
  [
    'Validation runs (2x H200): first measured with the estimate as it stood; Falcon, fp32, MoE, offload and plain-MLP terms were then fitted on them (see above)',
    own.filter((c) => c.case.includes('(validation)')),
  ],
  [
    'Blind runs (4x and 2x H200): measured after the estimate was frozen, nothing fitted on them',
    own.filter((c) => c.case.includes('(blind)')),
  ],
  ['Shared record (4x H200, test/fixtures/reference/measured-gpu.json)', shared],
] as const;
for (const [title, rows] of sets) {
  const miss = rows.filter((c) => !withinTarget(c)).length;
  console.log(`### ${title}: ${rows.length - miss}/${rows.length} within target\n`);
  console.log(rows.length ? table(rows) : '_Not measured yet: the integrator adds the file after the estimate is frozen._');
  console.log('');
}
