/**
 * An ms-swift command line (`swift sft|pt|rlhf|infer|export ...`) as its options.
 * ms-swift parses them with transformers' HfArgumentParser (argparse): `--name value`,
 * `--name=value`, list options taking every word up to the next `--option`, the last
 * occurrence winning. `swift sft config.yaml` reads its options from the file first
 * (swift/cli/main.py `parse_yaml_args`), so options written after it still apply.
 */
import { sliceSpanned, sourceSpan, type ShellWord, type SpannedCommand, type SpannedText } from './spannedWords';

/** ms-swift's routes that load a model with transformers (swift/cli/main.py ROUTE_MAPPING, web-ui left out). */
const ROUTES = new Set(['pt', 'sft', 'infer', 'rlhf', 'export', 'deploy', 'eval', 'app', 'sample', 'rollout', 'merge-lora']);
/** Routes that train (the map then meets accelerate's training checks). */
const TRAINING_ROUTES = new Set(['pt', 'sft', 'rlhf']);

export interface SwiftOption {
  /** The `--name` word (for `--name=value`, the whole word). */
  readonly flag: ShellWord;
  readonly values: readonly SpannedText[];
}

export interface SwiftCommand {
  readonly route: string;
  readonly trains: boolean;
  /** Options by name, dashes read as underscores (`--device-map` is `device_map`). */
  readonly options: ReadonlyMap<string, SwiftOption>;
  readonly command: SpannedCommand;
}

/** The ms-swift command a shell command is, if it is one. */
export function swiftCommand(c: SpannedCommand): SwiftCommand | undefined {
  const [w0, w1] = c.words;
  if (!w0 || !w1 || w0.text.split('/').pop() !== 'swift') return undefined;
  const route = w1.text.replace(/_/g, '-');
  if (!ROUTES.has(route)) return undefined;
  const options = new Map<string, SwiftOption>();
  let current: { name: string; flag: ShellWord; values: SpannedText[] } | undefined;
  const close = () => {
    if (current) options.set(current.name, { flag: current.flag, values: current.values });
    current = undefined;
  };
  for (const w of c.words.slice(2)) {
    const m = /^--([A-Za-z][\w-]*)(=?)/.exec(w.text);
    if (m) {
      close();
      current = { name: m[1]!.replace(/-/g, '_'), flag: w, values: [] };
      if (m[2]) current.values.push(sliceSpanned(w, m[0].length));
    } else if (current) current.values.push(w);
  }
  close();
  return { route, trains: TRAINING_ROUTES.has(route), options, command: c };
}

/** The first value of the first of `names` the command sets (later names are older spellings). */
export function optionValue(cmd: SwiftCommand, ...names: string[]): SpannedText | undefined {
  for (const n of names) {
    const v = cmd.options.get(n)?.values[0];
    if (v) return v;
  }
  return undefined;
}

/** The source span of a whole option value. */
export function valueSpan(v: SpannedText) {
  return sourceSpan(v, { start: 0, end: v.text.length });
}
