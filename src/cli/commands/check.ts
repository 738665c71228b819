/**
 * `device-map check [paths...]`: the editor's diagnostics on the command line,
 * for CI and pre-commit. Paths are files, folders or globs (Python, JSON and
 * Jupyter notebooks, whose findings are placed in their cell); each file is
 * checked with the configuration nearest to it (or `--config FILE`), flags
 * winning over the file. Models are resolved before the (synchronous) analysis
 * runs; a relative model path resolves against the folder of the file that names it.
 */
import { detectGpus } from '../../node/gpuHost/detect';
import { dirname, relative, resolve, sep } from 'node:path';
import {
  DEFAULT_SETUP,
  describeSetupGpus,
  isExcluded,
  mayHoldMap,
  parseGpusFlag,
  resolveSettings,
  withDetectedGpus,
  type GpuDetection,
  type FileConfig,
  type ResolvedSettings,
  type StudioSettings,
} from '../../core/index';
import { analysisEnvFor, resolveDocumentModels } from '../../node/documentEnv';
import { launchFor } from '../../node/launch/launchFor';
import { ProjectLaunches } from '../../node/launch/projectLaunches';
import { statSync } from 'node:fs';
import { findConfigFor, loadConfigFile } from '../../node/config/findConfig';
import { parseArgs, UsageError, type ParsedArgs } from '../args';
import { checkableOf } from '../checkable';
import { CHECKED_KINDS, collectFiles, languageOfPath, NOTEBOOK } from '../collectFiles';
import { FORMATS, type CheckedFile, type ReportedFinding } from '../format/index';
import { EXIT_FINDINGS, EXIT_OK, type CliIO, type Command } from '../io';
import { readSourceFile } from '../readInput';
import { REPOSITORY_URL, VERSION } from '../../node/packageInfo';
import { CLI_MODEL_HINTS } from '../modelHints';
import { cliSay, mustBe } from '../messages';

export const USAGE =
  'device-map check <files|folders|globs (.py .json .jsonc .ipynb)...> [--output-format text|json|github|sarif] [--config FILE] [--gpus 2x24GiB|detect] [--model <dir|hub-id used when a file names none>] [--transformers 4|5] [--processes N] [--fail-on error|warning] [--exit-zero] [--quiet] [--stdin-filename PATH]';

export type { CheckedFile };

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const SEVERITY_RANK = { hint: 0, info: 1, warning: 2, error: 3 } as const;

/** Flags that override the configuration file (like an explicit editor setting). */
function explicitFromFlags(args: ParsedArgs): StudioSettings {
  const out: { -readonly [K in keyof StudioSettings]: StudioSettings[K] } = {};
  const gpus = args.values.get('gpus');
  // `detect`: the cards of this machine, applied once the settings are resolved (check below).
  if (gpus !== undefined && gpus.trim().toLowerCase() !== 'detect') {
    const { errors } = parseGpusFlag(gpus);
    if (errors.length > 0) throw new UsageError(`--gpus: ${errors[0]}`);
    out.gpus = gpus
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
  const processes = args.values.get('processes');
  if (processes !== undefined) {
    if (!/^[1-9]\d*$/.test(processes)) throw new UsageError(cliSay.text('wholeNumber', { flag: '--processes', value: processes }));
    out.processes = Number(processes);
  }
  const t = args.values.get('transformers');
  if (t !== undefined) {
    if (t !== '4' && t !== '5') throw new UsageError(mustBe('--transformers', ['4', '5'], t));
    out.transformersVersion = t;
  }
  return out;
}

/** Checks one document's text with its settings (a notebook's text is its `.ipynb` JSON); `shown` names it in messages. */
export async function checkText(
  text: string,
  fullPath: string,
  languageId: string,
  settings: ResolvedSettings,
  io: CliIO,
  fallback?: string,
  shown: string = fullPath,
  project?: ProjectLaunches,
): Promise<ReportedFinding[]> {
  // Files that never mention a device map (package.json, tokenizer.json…) are not parsed: same pre-check as the editor.
  // A notebook is read first (a broken one is reported), then its program is held to the pre-check: outputs do not count.
  if (languageId !== NOTEBOOK && !mayHoldMap(text, fullPath)) return [];
  const checkable = checkableOf(shown, fullPath, text, languageId);
  if (!mayHoldMap(checkable.doc.text, fullPath)) return [];
  const models = await resolveDocumentModels(checkable.doc, settings, {
    env: io.env,
    hints: CLI_MODEL_HINTS,
    ...(fallback ? { fallback } : {}),
    workspaceFolders: [dirname(fullPath)],
  });
  // How the file is launched: --processes / the config's processes, else a launch script or launch.json that starts it
  // (with accelerate's config file, the default one under $HF_HOME included: the CLI may read outside the project).
  // A folder checked as a project: the launch files anywhere in it first (projectLaunches.ts).
  const launch =
    languageId === 'python' || languageId === NOTEBOOK
      ? settings.processes !== undefined
        ? launchFor(fullPath, settings.processes)
        : (project?.launchFor(fullPath) ?? launchFor(fullPath, undefined, { env: io.env }))
      : undefined;
  return checkable.findings(analysisEnvFor(settings, models, CLI_MODEL_HINTS, fallback, launch));
}

/** `--gpus detect`: the machine's cards, said on stderr (stdout stays the report). */
async function detectForCheck(io: CliIO): Promise<GpuDetection> {
  const d = await detectGpus({ env: io.env });
  io.err(
    d.gpus.length
      ? cliSay.text('gpusDetected', { gpus: describeSetupGpus(withDetectedGpus(DEFAULT_SETUP, d)), source: String(d.source) })
      : cliSay.text('gpusNotDetected', { reason: d.reason ?? cliSay.text('noGpuFound', {}) }),
  );
  return d;
}

export const check: Command = async (argv, io) => {
  const args = parseArgs(argv, {
    values: ['gpus', 'model', 'processes', 'transformers', 'output-format', 'config', 'fail-on', 'stdin-filename'],
    booleans: ['json', 'exit-zero', 'quiet'],
  });
  const formatName = args.booleans.has('json') ? 'json' : (args.values.get('output-format') ?? 'text');
  const format = FORMATS.get(formatName);
  if (!format) throw new UsageError(mustBe('--output-format', [...FORMATS.keys()], formatName));
  const failOn = args.values.get('fail-on') ?? 'error';
  if (failOn !== 'error' && failOn !== 'warning') throw new UsageError(mustBe('--fail-on', ['error', 'warning'], failOn));
  const quiet = args.booleans.has('quiet');
  const explicit = explicitFromFlags(args);
  const detected = args.values.get('gpus')?.trim().toLowerCase() === 'detect' ? await detectForCheck(io) : undefined;
  const fallback = args.values.get('model');
  const configFlag = args.values.get('config');
  const forced = configFlag !== undefined ? loadConfigFile(resolve(io.cwd, configFlag)) : undefined;
  if (configFlag !== undefined && !forced) throw new UsageError(cliSay.text('noTable', { file: configFlag }));
  const stdinName = args.values.get('stdin-filename');

  const shownProblems = new Set<string>();
  const settingsFor = (full: string): ResolvedSettings => {
    const file: FileConfig | undefined = forced ?? findConfigFor(full);
    const resolved = resolveSettings({ explicit, ...(file ? { file } : {}), workspaceDir: io.cwd });
    // `--gpus detect` overrides the config file's GPUs like any explicit --gpus.
    const settings = detected ? { ...resolved, setup: withDetectedGpus({ ...resolved.setup, gpus: [] }, detected) } : resolved;
    for (const p of settings.problems) {
      if (!quiet && !shownProblems.has(p)) io.err(cliSay.text('configProblem', { problem: p }));
      shownProblems.add(p);
    }
    return settings;
  };
  const shown = (full: string): string => relative(io.cwd, full).split(sep).join('/') || full;

  const files: CheckedFile[] = [];
  if (stdinName !== undefined || (args.positionals.length === 1 && args.positionals[0] === '-')) {
    if (!io.readStdin) throw new UsageError(cliSay.text('noStdin', {}));
    const name = stdinName ?? 'stdin.py';
    const full = resolve(io.cwd, name);
    const languageId = languageOfPath(name);
    if (!languageId) throw new UsageError(cliSay.text('stdinKind', { name, kinds: CHECKED_KINDS }));
    const text = await io.readStdin();
    files.push({ path: name, diagnostics: await checkText(text, full, languageId, settingsFor(full), io, fallback, name) });
  } else {
    if (args.positionals.length === 0) throw new UsageError(cliSay.text('noFiles', { usage: USAGE }));
    const folders = args.positionals.map((p) => resolve(io.cwd, p)).filter(isDirectory);
    const project = folders.length > 0 ? new ProjectLaunches(folders, { env: io.env }) : undefined;
    for (const full of collectFiles(args.positionals, io.cwd)) {
      const languageId = languageOfPath(full);
      if (!languageId) {
        if (!quiet) io.err(cliSay.text('skipped', { path: shown(full), kinds: CHECKED_KINDS }));
        continue;
      }
      const settings = settingsFor(full);
      if (
        settings.exclude.globs.length > 0 &&
        isExcluded(relative(settings.exclude.base, full).split(sep).join('/'), settings.exclude.globs)
      )
        continue;
      // Bounded, regular files only (a FIFO named x.py is refused): see readInput.ts.
      const text = readSourceFile(full, shown(full));
      files.push({
        path: shown(full),
        diagnostics: await checkText(text, full, languageId, settings, io, fallback, shown(full), project),
      });
    }
  }
  const out = format(files, { version: VERSION, repositoryUrl: REPOSITORY_URL }, { quiet });
  if (out) io.out(out);
  const threshold = SEVERITY_RANK[failOn];
  const failing = files.some((f) => f.diagnostics.some((d) => SEVERITY_RANK[d.severity] >= threshold));
  return failing && !args.booleans.has('exit-zero') ? EXIT_FINDINGS : EXIT_OK;
};
