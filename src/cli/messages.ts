/**
 * The CLI's own texts (headings, summary lines, errors): templates with named placeholders,
 * filled by the core's one formatter, so `--lang` / LC_ALL / LC_MESSAGES / LANG pick their
 * language like the findings'. `--json` keys and the SARIF/GitHub formats stay as they are.
 */
import { voice } from '../core/index';

export const CLI_MESSAGES = {
  usageHeading: 'usage:',
  usageOf: 'usage: {usage}',
  unknownCommand: 'device-map: unknown command "{name}"',
  failed: 'device-map {name}: {message}',
  summary: '{files} checked: {errors}, {others}',
  filesOne: '1 file',
  filesMany: '{count} files',
  errorsOne: '1 error',
  errorsMany: '{count} errors',
  othersOne: '1 other finding',
  othersMany: '{count} other findings',
  inCell: 'cell {cell}:',
  configProblem: 'device-map: config: {problem}',
  skipped: 'device-map: skipped {path} (only {kinds} files are checked)',
  gpusDetected: 'GPUs: {gpus} via {source}',
  gpusNotDetected: '--gpus detect: {reason}; checking without GPU capacities',
  noGpuFound: 'no GPU found',
  cardsOne: '1 card ({source})',
  cardsMany: '{count} cards ({source})',
  mustBe: '{flag} must be {choices} (got "{value}")',
  mustBeOneOf: '{flag} must be one of {choices} (got "{value}")',
  describesStep: '{flag} describes a step: add --mode forward|generate|train-lora|train-full',
  loraFlagFull: '{flag} describes LoRA: --mode train-full trains every parameter',
  loraTargets: '--lora-targets needs at least one module name',
  studioOnly: "--mode and --map shape the studio planner only (transformers' strategies plan weights)",
  studioIds: '--strategy studio needs GPU ids 0..n-1 in --max-memory',
  mapObject: '--map must be a JSON object of module name -> device',
  mapDevice: '--map: "{key}" has device {value}; use a GPU index, "cuda:N", "cpu" or "disk"',
  maxMemoryObject: '--max-memory must be a JSON object',
  maxMemoryValue: '--max-memory: value for "{key}" must be a number or a size string',
  maxMemoryPart: '--max-memory: "{part}" is not KEY=SIZE (example: 0=24GiB,1=24GiB,cpu=200GiB)',
  stdioOnly: 'only --stdio is supported (usage: device-map lsp --stdio)',
  needsValue: '{flag} needs a value',
  takesNoValue: '{flag} takes no value',
  unknownOption: 'unknown option {flag}',
  positiveInteger: '{flag} must be a positive integer (got "{value}")',
  wholeNumber: '{flag} must be a whole number of at least 1 (got "{value}")',
  noTable: '--config {file}: the file has no [tool.device-map-studio] table',
  noStdin: 'no standard input to read',
  stdinKind: '--stdin-filename {name}: only {kinds} files can be checked',
  noFiles: 'no files given (usage: {usage})',
  modelRequired: '--model is required (a checkpoint folder, a config.json, or a Hub id)',
  mapRequired: '--map is required (a JSON device_map, or @file.json)',
  budgetsRequired: '--max-memory (example: 0=24GiB,1=24GiB,cpu=200GiB) or --gpus (example: detect) is required',
  noGpuToPlan: '--gpus: no GPU to plan for',
  doesNotFit: 'the model does not fit these budgets even with the offload allowed by --max-memory',
  columnDevice: 'device',
  columnModule: 'module',
  columnModules: 'modules',
  total: '(total)',
  fromConfig: '{dtype} (from the config)',
  storedDTypes: 'stored dtypes ({dtypes})',
  estimateHeading: '{model}, {dtype}{quantization}, mode {mode} (GiB, peak over the step)',
  cardFits: 'cuda:{device}: {total} of {capacity} GiB on the {gpu}{source}',
  cardOver: 'cuda:{device}: {total} of {capacity} GiB on the {gpu}{source} — does not fit',
  unmeasured: 'unmeasured: {what}',
  studioPlanner: 'Device Map Studio planner',
  fitsUnlikeBalanced: 'fits on the GPUs; device_map="balanced" would offload {count} module(s) to {devices}',
  offloaded: 'offloaded (does not fit the GPUs): {modules}',
  or: '{first} or {second}',
  hintMapToFolder: 'name a local checkpoint folder instead (in the file, or with --model)',
  hintEnableHub: 'let the CLI ask the Hub for config.json and safetensors headers (no weights are downloaded)',
  hintTrustWorkspace: 'open the folder as a trusted workspace',
  initUnexpected: 'unexpected argument "{arg}" (usage: {usage})',
  initQuantization: '--quantization: choose --task qlora for 4-bit weights',
  initGpusRequired: '--gpus is required ({help})',
  initNoGpu: '--gpus: no GPU to set up for',
  initInTheWayOne: '{paths} already exists; pass --force to overwrite',
  initInTheWayMany: '{paths} already exist; pass --force to overwrite',
  initHeading: '{model} ({className}), {task}, {strategy}, {processes}',
  initOneProcess: '1 process',
  initProcesses: '{count} processes ({layout})',
  initOffloadTable: 'per card, with what the cards cannot hold on the CPU (GiB):',
  fitsYes: 'yes',
  fitsNo: 'no',
  initNote: 'note: {note}',
  initDoesNotFit: 'does not fit: {message}',
  initWouldFit: 'would fit: {what} — {cards}',
  initWouldFitCard: 'cuda:{device} {total}/{capacity} GiB',
  initWrote: 'wrote {files}',
  initCheckThem: 'check them: {command}',
  initNothingWritten: 'nothing written (pass --force to write it anyway)',
} as const;

export const cliSay = voice('cli', CLI_MESSAGES);

/** `bf16, fp16 or fp32`: a flag's choices, the last joined by the locale's "or". */
export function choices(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return cliSay.text('or', { first: items.slice(0, -1).join(', '), second: items[items.length - 1]! });
}

/** `--flag must be a, b or c (got "x")`. */
export function mustBe(flag: string, options: readonly string[], value: string): string {
  return cliSay.text('mustBe', { flag, choices: choices(options), value });
}
