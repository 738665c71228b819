/**
 * How a shell script starts Python training scripts: torchrun / python -m
 * torch.distributed.run, accelerate launch, deepspeed, ms-swift with NPROC_PER_NODE,
 * or plain python. Reads what the line says; what it cannot know (a count computed at
 * run time) is left out and said in `unread`.
 */
import { exportedBefore, shellCommands, type ShellCommand } from './words';

export type Launcher = 'torchrun' | 'accelerate' | 'deepspeed' | 'swift' | 'python';

export interface Launch {
  readonly launcher: Launcher;
  /** The Python script started, as written (relative to where the shell runs). Absent for `swift`. */
  readonly script?: string;
  /** Processes per node, when the line says how many. */
  readonly processes?: number;
  /** `--nnodes` / `--num_machines`, when more than one. */
  readonly nodes?: number;
  /** Cards `CUDA_VISIBLE_DEVICES` leaves visible to the processes. */
  readonly visibleDevices?: number;
  /** `ACCELERATE_BYPASS_DEVICE_MAP=true` in the launch's environment. */
  readonly bypass: boolean;
  /** 1-based line of the launch. */
  readonly line: number;
  /** What could not be read (a count computed at run time, an accelerate config file not read). */
  readonly unread?: string;
  /** The launcher and the words that set the count, for hover and CodeLens: `torchrun --nproc_per_node 2`. */
  readonly command: string;
  /** `accelerate launch --config_file X`: the config file named (read by the face, accelerateConfig.ts). */
  readonly configFile?: string;
}

/** `--name N`, `--name=N` (also with dashes for underscores), the last one written. */
function option(words: readonly string[], names: readonly string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    for (const n of names) {
      const forms = [n, n.replace(/_/g, '-')];
      for (const f of forms) {
        if (w === f && i + 1 < words.length) found = words[i + 1];
        else if (w.startsWith(`${f}=`)) found = w.slice(f.length + 1);
      }
    }
  }
  return found;
}

function count(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

function launcherOf(words: readonly string[]): { launcher: Launcher; args: readonly string[] } | undefined {
  const w0 = words[0]?.split('/').pop();
  if (w0 === 'torchrun') return { launcher: 'torchrun', args: words.slice(1) };
  if (w0 === 'accelerate' && words[1] === 'launch') return { launcher: 'accelerate', args: words.slice(2) };
  if (w0 === 'deepspeed') return { launcher: 'deepspeed', args: words.slice(1) };
  if (w0 === 'swift' && ['sft', 'pt', 'rlhf'].includes(words[1] ?? '')) return { launcher: 'swift', args: words.slice(2) };
  if (w0 && /^python(\d(\.\d+)?)?$/.test(w0)) {
    const m = words.indexOf('-m');
    if (m >= 0 && /^torch\.distributed\.(run|launch)$/.test(words[m + 1] ?? '')) return { launcher: 'torchrun', args: words.slice(m + 2) };
    if (m >= 0 && words[m + 1] === 'accelerate.commands.launch') return { launcher: 'accelerate', args: words.slice(m + 2) };
    if (m < 0) return { launcher: 'python', args: words.slice(1) };
  }
  return undefined;
}

function visible(v: string | undefined): number | undefined {
  if (v === undefined || v.includes('$')) return undefined;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean).length;
}

/** One command's launch, if it starts a Python script (also what a launch.json configuration runs, launchJson.ts). */
export function launchOf(c: ShellCommand, exported: ReadonlyMap<string, string>): Launch | undefined {
  const found = launcherOf(c.words);
  if (!found) return undefined;
  const { launcher, args } = found;
  const envOf = (name: string) => c.env.get(name) ?? exported.get(name);
  // `\${file}`: a launch.json configuration that starts whatever file is open.
  const script = args.find((a) => (/\.py$/.test(a) || a === '\${file}') && !a.startsWith('-'));
  const cvd = visible(envOf('CUDA_VISIBLE_DEVICES'));
  let written: string | undefined;
  let nodes: string | undefined;
  let flag: string | undefined;
  if (launcher === 'torchrun') {
    written = option(args, [(flag = '--nproc_per_node')]);
    nodes = option(args, ['--nnodes']);
  } else if (launcher === 'accelerate') {
    written = option(args, [(flag = '--num_processes')]);
    nodes = option(args, ['--num_machines']);
  } else if (launcher === 'deepspeed') {
    written = option(args, [(flag = '--num_gpus')]);
    nodes = option(args, ['--num_nodes']);
  } else if (launcher === 'swift') {
    written = envOf('NPROC_PER_NODE');
    nodes = envOf('NNODES');
  } else {
    written = '1';
  }
  // As written: `python -m torch.distributed.run`, `torchrun`, `accelerate launch`...
  const module = c.words.indexOf('-m');
  const name =
    launcher === 'swift'
      ? `swift ${c.words[1]}`
      : launcher !== 'python' && module > 0
        ? `python -m ${c.words[module + 1]}`
        : launcher === 'accelerate'
          ? 'accelerate launch'
          : launcher === 'python'
            ? 'python'
            : launcher;
  const command =
    launcher === 'swift'
      ? `${written !== undefined ? `NPROC_PER_NODE=${written} ` : ''}${name}`
      : flag && written !== undefined
        ? `${name} ${flag} ${written}`
        : name;
  const configFile = launcher === 'accelerate' ? option(args, ['--config_file']) : undefined;
  let processes = count(written);
  let unread: string | undefined;
  // deepspeed without --num_gpus, and torchrun's "gpu"/"auto", start one process per visible card.
  if (processes === undefined && ((launcher === 'deepspeed' && written === undefined) || written === 'gpu' || written === 'auto'))
    processes = cvd;
  if (processes === undefined && written !== undefined) unread = `the process count "${written}" is only known at run time`;
  if (processes === undefined && launcher === 'accelerate' && written === undefined) {
    unread =
      option(args, ['--config_file']) !== undefined
        ? 'the process count is in the accelerate config file'
        : "the process count is in accelerate's default config";
  }
  if (processes === undefined && launcher === 'swift' && written === undefined) processes = 1;
  const nodeCount = count(nodes);
  return {
    launcher,
    ...(script ? { script } : {}),
    ...(processes !== undefined ? { processes } : {}),
    ...(nodeCount !== undefined && nodeCount > 1 ? { nodes: nodeCount } : {}),
    ...(cvd !== undefined ? { visibleDevices: cvd } : {}),
    bypass: (envOf('ACCELERATE_BYPASS_DEVICE_MAP') ?? '').toLowerCase() === 'true',
    line: c.line,
    ...(unread ? { unread } : {}),
    command,
    ...(configFile !== undefined ? { configFile } : {}),
  };
}

/** Every launch in a shell script, in order. Never throws: unreadable lines are skipped. */
export function launchesIn(text: string): Launch[] {
  const commands = shellCommands(text);
  const out: Launch[] = [];
  for (const c of commands) {
    const l = launchOf(c, exportedBefore(commands, c.line));
    if (l) out.push(l);
  }
  return out;
}
