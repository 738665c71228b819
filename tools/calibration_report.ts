/**
 * Prints the estimate-vs-measured table of docs/calibration.md from the recorded
 * GPU runs, one section per set (fit, seen, blind...). Usage: node --import tsx tools/calibration_report.ts
 * (`--summary`: one line per set with the worst error per kind).
 */
import {
  isFullFtFile,
  issue19Targets,
  ownComparisons,
  relErr,
  SEEN_BLIND_FILES,
  sharedComparisons,
  withinTarget,
  type Comparison,
} from '../test/helpers/measuredCases';

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
const own19 = all.filter((c) => issue19Targets(c.source) && !isFullFtFile(c.source));
const fullFt = all.filter((c) => isFullFtFile(c.source));
const shared = sharedComparisons();
const seenNote = [...SEEN_BLIND_FILES].map(([file, when]) => `${file}: ${when}`).join('; ');
const sets = [
  [
    'Full fine-tuning fit set (1x H100, fullft, issue 17): Qwen2.5-0.5B, OPT-350m, Mistral-7B (4 layers), bf16 weights, fused AdamW, peak over two steps, with and without checkpointing; the trainable-Linear and embedding-gradient terms were fitted on these (target: ±10%)',
    fullFt.filter((c) => c.role === 'fit'),
  ],
  [
    'Full fine-tuning blind set (any file named *fullft_blind*): measured before the full fine-tuning estimate was frozen, sealed until after, nothing fitted on it (same target)',
    fullFt.filter((c) => c.role === 'blind'),
  ],
  [
    'Issue 19 fit set (1x H100, offload19): CPU offload, BLOOM eager + ALiBi, large-vocabulary LoRA; the offload and buffer terms were fitted on these (targets: weights exact, forward/generate ±5%, training ±10%)',
    own19.filter((c) => c.role === 'fit'),
  ],
  [
    `Issue 19 blind19 set, seen (${seenNote}): measured blind on 2026-12-05 (20/22 within target then: OPT-1.3B eager forward 4x2048 -5.60%, LoRA 2x1024 -17.63%), then used to build eager attention by family; no longer blind (same targets)`,
    own19.filter((c) => c.role === 'seen'),
  ],
  [
    'Issue 19 blind set (blind19b and any later file named *blind*): measured after the estimate was frozen, nothing fitted on them (same targets)',
    own19.filter((c) => c.role === 'blind'),
  ],
  ['Calibration runs (2x H200): the factors were fitted on these', own.filter((c) => c.role === 'fit')],
  [
    'Validation runs (2x H200): first measured with the estimate as it stood; Falcon, fp32, MoE, offload and plain-MLP terms were then fitted on them (see above)',
    own.filter((c) => c.role === 'validation'),
  ],
  ['Blind runs (4x and 2x H200): measured after the estimate was frozen, nothing fitted on them', own.filter((c) => c.role === 'blind')],
  ['Shared record (4x H200, test/fixtures/reference/measured-gpu.json)', shared],
] as const;

/** One line per kind: rows, worst error, misses (the summary table of docs/calibration.md). */
function summary(rows: readonly Comparison[]): string {
  return (['weights', 'forward', 'generate', 'lora', 'full'] as const)
    .map((k) => {
      const r = rows.filter((c) => c.kind === k);
      if (!r.length) return k === 'full' ? '' : `${k}: —`;
      const worst = r.reduce((a, b) => (Math.abs(relErr(b)) > Math.abs(relErr(a)) ? b : a));
      const miss = r.filter((c) => !withinTarget(c)).length;
      return `${k}: ${r.length} rows, worst ${pct(relErr(worst))}${miss ? `, ${miss} outside target` : ''}`;
    })
    .filter(Boolean)
    .join('; ');
}

if (process.argv.includes('--summary')) {
  for (const [title, rows] of sets) console.log(`- ${title.slice(0, title.indexOf(' ('))}: ${summary(rows)}`);
} else {
  for (const [title, rows] of sets) {
    const miss = rows.filter((c) => !withinTarget(c)).length;
    console.log(`### ${title}: ${rows.length ? `${rows.length - miss}/${rows.length} within target` : 'to come'}\n`);
    console.log(
      rows.length
        ? table(rows)
        : '_Not added yet: the integrator adds the sealed file to test/fixtures/measured/ after the estimate is frozen and regenerates this section._',
    );
    console.log('');
  }
}
