/**
 * VS Code `.vscode/launch.json` debug configurations that start a training script as several
 * processes: `"module": "torch.distributed.run"` (or `torch.distributed.launch`,
 * `accelerate.commands.launch`) with the launcher's arguments in `"args"`, or `"program"` naming
 * `torchrun` / `accelerate` / `deepspeed`; `"env"` gives the environment. Read as the shell
 * launch line the configuration amounts to, by the same parser. JSON with comments (jsonc); never throws.
 */
import { parseTree, findNodeAtLocation, getNodeValue, type Node } from 'jsonc-parser';
import { launchOf, type Launch } from './launch';

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function words(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number') ? v.map(String) : undefined;
}

/** What one configuration runs, as shell words: `python -m torch.distributed.run --nproc_per_node 2 train.py`. */
function commandWords(config: Record<string, unknown>): string[] | undefined {
  const args = words(config['args']) ?? (typeof config['args'] === 'string' ? config['args'].split(/\s+/).filter(Boolean) : []);
  if (typeof config['module'] === 'string') return ['python', '-m', config['module'], ...args];
  if (typeof config['program'] === 'string') {
    const program = config['program'];
    return /\.py$/.test(program) ? ['python', program, ...args] : [program, ...args];
  }
  return undefined;
}

/** Every launch configuration of a launch.json that starts a Python script, in order; `line` is where the configuration starts. */
export function launchesInLaunchJson(text: string): Launch[] {
  let root: Node | undefined;
  try {
    root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    return [];
  }
  const list = root && findNodeAtLocation(root, ['configurations']);
  if (!list || list.type !== 'array') return [];
  const out: Launch[] = [];
  for (const node of list.children ?? []) {
    if (node.type !== 'object') continue;
    const config = getNodeValue(node) as Record<string, unknown>;
    const w = commandWords(config);
    if (!w) continue;
    const envRecord = typeof config['env'] === 'object' && config['env'] !== null ? (config['env'] as Record<string, unknown>) : {};
    const env = new Map(Object.entries(envRecord).map(([k, v]) => [k, String(v)] as const));
    const launch = launchOf({ line: lineAt(text, node.offset), env, words: w }, new Map());
    if (launch) out.push(launch);
  }
  return out;
}
