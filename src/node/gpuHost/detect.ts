/**
 * Finds the cards of the machine this process runs on, asking each vendor tool in
 * turn (NVIDIA, AMD, Ascend, Intel, then Apple's unified memory), each optional,
 * each through `runTool` (execFile, 2 s). The first tool that answers with cards wins;
 * otherwise the list is empty and the reason says what each tool did.
 * Indices are the ones the process will see after the runtime's `*_VISIBLE_DEVICES`.
 */
import { freemem, totalmem } from 'node:os';
import {
  applyVisible,
  firstLine,
  parseAmdSmi,
  parseComputeApps,
  parseNpuSmiInfo,
  parseQueryGpu,
  parseRocmSmi,
  parseXpuSmiDump,
  QUERY_APPS_ARGS,
  QUERY_GPU_ARGS,
  XPU_DUMP_ARGS,
  MIB,
  type ComputeApp,
  type GpuDetection,
  type GpuTool,
  type HostGpu,
  type LiveSample,
} from '../../core/index';
import { runTool, TOOL_TIMEOUT_MS, type ToolResult, type ToolRunner } from './runTool';

export interface DetectOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Tests pass a runner; by default the real tools on the env's PATH. */
  readonly run?: ToolRunner;
  readonly platform?: NodeJS.Platform;
  readonly arch?: string;
}

type Attempt = { readonly gpus: HostGpu[]; readonly note?: string } | { readonly reason: string };

function runnerFor(opts: DetectOptions): ToolRunner {
  return opts.run ?? ((file, args) => runTool(file, args, { env: { ...opts.env } as NodeJS.ProcessEnv }));
}

/** Why a tool gave no cards, in a few words. */
function failure(tool: string, r: ToolResult): string {
  if (r.kind === 'missing') return `${tool}: not found`;
  if (r.kind === 'timeout') return `${tool}: no answer within ${TOOL_TIMEOUT_MS / 1000} s`;
  if (r.kind === 'failed') return `${tool}: ${firstLine(r.stdout) || firstLine(r.stderr) || r.message}`;
  return `${tool}: unreadable answer (${firstLine(r.stdout).slice(0, 120)})`;
}

/** Re-numbers cards in the order the process sees them. */
function renumber(cards: readonly HostGpu[]): HostGpu[] {
  return cards.map((c, i) => ({ ...c, index: i }));
}

async function nvidia(run: ToolRunner, env: DetectOptions['env']): Promise<Attempt> {
  const r = await run('nvidia-smi', QUERY_GPU_ARGS);
  if (r.kind !== 'ok') return { reason: failure('nvidia-smi', r) };
  const cards = parseQueryGpu(r.stdout);
  if (!Array.isArray(cards)) return { reason: `nvidia-smi: ${cards.error}` };
  const all: HostGpu[] = cards.map((c) => ({
    index: c.index,
    name: c.name,
    memory_total: c.totalMiB * MIB,
    memory_used: c.usedMiB === null ? null : c.usedMiB * MIB,
    memory_free: c.freeMiB === null ? null : c.freeMiB * MIB,
    uuid: c.uuid,
  }));
  const visible = applyVisible(all, env['CUDA_VISIBLE_DEVICES'], 'CUDA_VISIBLE_DEVICES', true);
  return { gpus: renumber(visible.cards), ...(visible.note ? { note: visible.note } : {}) };
}

async function amd(run: ToolRunner, env: DetectOptions['env']): Promise<{ tool: GpuTool; attempt: Attempt }> {
  const variable = env['HIP_VISIBLE_DEVICES'] !== undefined ? 'HIP_VISIBLE_DEVICES' : 'CUDA_VISIBLE_DEVICES';
  const reasons: string[] = [];
  for (const [tool, args, parse] of [
    ['rocm-smi', ['--showproductname', '--showmeminfo', 'vram', '--json'], parseRocmSmi],
    ['amd-smi', ['static', '--asic', '--vram', '--json'], parseAmdSmi],
  ] as const) {
    const r = await run(tool, args);
    if (r.kind !== 'ok') {
      reasons.push(failure(tool, r));
      continue;
    }
    const cards = parse(r.stdout);
    if (!cards) {
      reasons.push(failure(tool, r));
      continue;
    }
    const visible = applyVisible(cards, env[variable], variable);
    return { tool, attempt: { gpus: renumber(visible.cards), ...(visible.note ? { note: visible.note } : {}) } };
  }
  return { tool: 'rocm-smi', attempt: { reason: reasons.join('; ') } };
}

async function ascend(run: ToolRunner, env: DetectOptions['env']): Promise<Attempt> {
  const r = await run('npu-smi', ['info']);
  const cards = r.kind === 'ok' ? parseNpuSmiInfo(r.stdout) : undefined;
  if (!cards) return { reason: failure('npu-smi', r) };
  const visible = applyVisible(cards, env['ASCEND_RT_VISIBLE_DEVICES'], 'ASCEND_RT_VISIBLE_DEVICES');
  return { gpus: renumber(visible.cards), ...(visible.note ? { note: visible.note } : {}) };
}

async function intel(run: ToolRunner): Promise<Attempt> {
  const r = await run('xpu-smi', XPU_DUMP_ARGS);
  const cards = r.kind === 'ok' ? parseXpuSmiDump(r.stdout) : undefined;
  return cards ? { gpus: cards } : { reason: failure('xpu-smi', r) };
}

/** Apple Silicon: one `mps` device sharing the machine's memory. */
function apple(): Attempt {
  const total = totalmem();
  const free = freemem();
  return {
    gpus: [
      { index: 0, name: 'Apple Silicon (unified memory)', memory_total: total, memory_used: total - free, memory_free: free, uuid: null },
    ],
  };
}

export async function detectGpus(opts: DetectOptions): Promise<GpuDetection> {
  const run = runnerFor(opts);
  const reasons: string[] = [];
  const tries: Array<() => Promise<{ tool: GpuTool; attempt: Attempt }>> = [
    async () => ({ tool: 'nvidia-smi', attempt: await nvidia(run, opts.env) }),
    () => amd(run, opts.env),
    async () => ({ tool: 'npu-smi', attempt: await ascend(run, opts.env) }),
    async () => ({ tool: 'xpu-smi', attempt: await intel(run) }),
  ];
  if ((opts.platform ?? process.platform) === 'darwin' && (opts.arch ?? process.arch) === 'arm64')
    tries.push(async () => ({ tool: 'apple', attempt: apple() }));
  for (const t of tries) {
    const { tool, attempt } = await t();
    if ('reason' in attempt) {
      reasons.push(attempt.reason);
      continue;
    }
    if (attempt.gpus.length > 0) return { gpus: attempt.gpus, source: tool };
    // A tool that answers with no visible card settles it: the next vendor's tool is not asked.
    return { gpus: [], source: tool, reason: attempt.note ?? `${tool} lists no card` };
  }
  return { gpus: [], source: null, reason: `no GPU found (${reasons.join('; ')})` };
}

/**
 * One live poll: the cards now and, for NVIDIA, the processes on each
 * (`--query-compute-apps`, matched to cards by UUID).
 */
export async function sampleLive(opts: DetectOptions): Promise<LiveSample> {
  const detection = await detectGpus(opts);
  const processes = new Map<number, ComputeApp[]>();
  if (detection.source === 'nvidia-smi' && detection.gpus.length) {
    const r = await runnerFor(opts)('nvidia-smi', QUERY_APPS_ARGS);
    const apps = r.kind === 'ok' ? parseComputeApps(r.stdout) : [];
    for (const g of detection.gpus)
      processes.set(
        g.index,
        apps.filter((a) => a.gpuUuid === g.uuid),
      );
  }
  return { detection, processes };
}
