/**
 * `device-map init`: from a model and the cards to a checked map and a launch command
 * (issue 17). The core plans the setup (`planSetup`: the planner policy or a
 * transformers strategy, the memory estimate, the files); this writes the files, never
 * over an existing one without --force, and prints what it wrote with the per-card
 * estimate. Exit 0 written; 1 it does not fit (the limits and what would fit are
 * printed, nothing is written unless --force); 2 bad input or a file in the way.
 */
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { planSetup, SETUP_FORMATS, type SetupCard, type SetupPlan } from '../../core/index';
import { parseArgs, UsageError } from '../args';
import { MODEL_FLAGS } from '../commonFlags';
import { GPUS_FLAG_HELP, setupFromGpusFlag } from '../gpusFlag';
import { EXIT_FINDINGS, EXIT_OK, type CliIO, type Command } from '../io';
import { loadModel, transformersFlag } from '../loadModel';
import { setupOptionsFrom } from '../setupFlags';
import { setupModelId } from '../../node/setup/modelId';
import { gib, renderTable } from '../table';
import { cliSay } from '../messages';

export const USAGE = `device-map init --model <dir|config.json|hub-id> ${GPUS_FLAG_HELP} --task inference|lora|qlora|full [--strategy studio|auto|balanced|balanced_low_0|sequential] [--processes N] [--layout data-parallel|hybrid] [--format ${SETUP_FORMATS.join('|')}[,...]] [--out DIR] [--force] [--json]
    [--dtype bf16|fp16|fp32] [--batch N] [--seq N] [--lora-r N] [--gradient-checkpointing] [--cpu-offload <RAM, inference only>]
    Writes a Python script, a JSON map, an ms-swift script or a torchrun / accelerate launch script whose map is the studio
    planner's (or the strategy's) and whose per-card estimate fits the cards; when it cannot fit, says so with the numbers
    and what would fit, and writes nothing (exit 1) unless --force.`;

/** A path as printed: relative to the working folder when inside it, else absolute. */
function shownPath(io: CliIO, path: string): string {
  const rel = relative(io.cwd, path);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? path : rel.split(sep).join('/');
}

function cardRows(cards: readonly SetupCard[]): string[][] {
  return cards.map((c) => [
    `cuda:${c.device}`,
    String(c.rank),
    gib(c.estimate.weights),
    gib(c.estimate.kv_cache),
    gib(c.estimate.activations),
    gib(c.estimate.training),
    gib(c.estimate.context),
    gib(c.estimate.total),
    gib(c.capacity),
    cliSay.text(c.fits ? 'fitsYes' : 'fitsNo', {}),
  ]);
}

const cardHeader = (): string[] => [
  cliSay.text('columnDevice', {}),
  'rank',
  'weights',
  'kv_cache',
  'activations',
  'training',
  'context',
  'total',
  'capacity',
  'fits',
];

function jsonReport(plan: SetupPlan, written: readonly string[]): string {
  const r = plan.request;
  return JSON.stringify(
    {
      model: r.model.id,
      task: r.task,
      strategy: r.strategy,
      processes: r.processes,
      layout: r.layout,
      ...(plan.mode ? { mode: plan.mode } : {}),
      fits: plan.fits,
      per_card: plan.perCard,
      ranks: plan.ranks.map((k) => ({ rank: k.rank, cards: k.cards, device_map: Object.fromEntries(k.deviceMap) })),
      ...(plan.limits ? { limits: plan.limits } : {}),
      alternatives: plan.alternatives,
      written,
      notes: plan.notes,
    },
    null,
    2,
  );
}

export const init: Command = async (argv, io) => {
  const args = parseArgs(argv, {
    values: [...MODEL_FLAGS, 'gpus', 'task', 'strategy', 'processes', 'layout', 'format', 'out', 'batch', 'seq', 'lora-r', 'cpu-offload'],
    booleans: ['json', 'force', 'gradient-checkpointing'],
  });
  if (args.positionals.length > 0)
    throw new UsageError(cliSay.text('initUnexpected', { arg: args.positionals[0]!, usage: USAGE.split('\n')[0]! }));
  if (args.values.has('quantization')) throw new UsageError(cliSay.text('initQuantization', {}));
  const options = setupOptionsFrom(args);
  if (!args.values.has('gpus')) throw new UsageError(cliSay.text('initGpusRequired', { help: GPUS_FLAG_HELP }));
  const setup = await setupFromGpusFlag(args.values.get('gpus'), io);
  if (setup.gpus.length === 0) throw new UsageError(cliSay.text('initNoGpu', {}));
  const outDir = resolve(io.cwd, args.values.get('out') ?? '.');
  const spec = args.values.get('model');
  const tree = await loadModel(spec, io, transformersFlag(args.values.get('transformers')), args.values.get('loader'));
  const force = args.booleans.has('force');
  const plan = planSetup({ ...options, model: { id: setupModelId(spec!, io.cwd, outDir), tree }, cards: setup.gpus }, { force });

  // Never over a file that is there, unless asked: say every one in the way.
  const inTheWay = plan.files.map((f) => f.relativePath).filter((p) => existsSync(join(outDir, p)));
  if (inTheWay.length > 0 && !force)
    throw new UsageError(
      cliSay.text(inTheWay.length === 1 ? 'initInTheWayOne' : 'initInTheWayMany', {
        paths: inTheWay.map((p) => shownPath(io, join(outDir, p))).join(', '),
      }),
    );
  const written: string[] = [];
  for (const f of plan.files) {
    const path = join(outDir, f.relativePath);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.content);
    if (f.languageId === 'shellscript') chmodSync(path, 0o755);
    written.push(shownPath(io, path));
  }

  if (args.booleans.has('json')) {
    io.out(jsonReport(plan, written));
    return plan.fits ? EXIT_OK : EXIT_FINDINGS;
  }
  const r = plan.request;
  io.out(
    cliSay.text('initHeading', {
      model: r.model.id,
      className: tree.className,
      task: r.task,
      strategy: r.strategy === 'studio' ? cliSay.text('studioPlanner', {}) : `device_map="${r.strategy}"`,
      processes:
        r.processes > 1 ? cliSay.text('initProcesses', { count: r.processes, layout: r.layout }) : cliSay.text('initOneProcess', {}),
    }),
  );
  if (plan.perCard.length > 0) {
    if (!plan.fits && plan.limits?.reason === 'offload') io.out(cliSay.text('initOffloadTable', {}));
    io.out(renderTable(cardHeader(), cardRows(plan.perCard)));
  }
  for (const n of plan.notes) io.out(cliSay.text('initNote', { note: n }));
  if (plan.limits) io.out(cliSay.text('initDoesNotFit', { message: plan.limits.message }));
  for (const a of plan.alternatives)
    io.out(
      cliSay.text('initWouldFit', {
        what: a.what,
        cards: a.perCard
          .map((c) => cliSay.text('initWouldFitCard', { device: c.device, total: gib(c.estimate.total), capacity: gib(c.capacity) }))
          .join(', '),
      }),
    );
  if (written.length > 0) {
    io.out(cliSay.text('initWrote', { files: written.join(', ') }));
    const command = `device-map check ${shownPath(io, outDir)} --gpus ${args.values.get('gpus')}${plan.files.some((f) => f.languageId === 'json') ? ` --model ${spec}` : ''}`;
    io.out(cliSay.text('initCheckThem', { command }));
  } else if (!plan.fits) io.out(cliSay.text('initNothingWritten', {}));
  return plan.fits ? EXIT_OK : EXIT_FINDINGS;
};
