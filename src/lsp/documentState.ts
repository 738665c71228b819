/**
 * One open document's analysis in the server: its settings (client settings
 * over the nearest config file over defaults), its models (resolved
 * asynchronously, like the CLI) and the findings, recomputed when the text or
 * the settings change. Requests wait for the current analysis, so completion
 * and hover see the same models as the diagnostics.
 */
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  analyzeDocument,
  isExcluded,
  languageOfFileName,
  mayHoldMap,
  resolveSettings,
  type AnalysisEnv,
  type Finding,
  type ResolvedSettings,
  type SourceDocument,
  type StudioSettings,
} from '../core/index';
import { findConfigFor } from '../node/config/findConfig';
import { analysisEnvFor, resolveDocumentModels } from '../node/documentEnv';
import { launchFor } from '../node/launch/launchFor';
import { LSP_MODEL_HINTS } from './modelHints';

export interface Analysis {
  readonly version: number;
  readonly source: SourceDocument;
  readonly env: AnalysisEnv;
  readonly settings: ResolvedSettings;
  readonly findings: readonly Finding[];
  /** True when the config's `exclude` covers this file: no diagnostics. */
  readonly excluded: boolean;
}

export function filePathOf(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

const LANGUAGES: Readonly<Record<string, string>> = {
  python: 'python',
  json: 'json',
  jsonc: 'jsonc',
  shellscript: 'shellscript',
  sh: 'shellscript',
  bash: 'shellscript',
  yaml: 'yaml',
};

/** The engine's language for a client's languageId (or the file's extension when the client sends another id). */
export function languageOf(doc: TextDocument): string | undefined {
  return LANGUAGES[doc.languageId] ?? languageOfFileName(doc.uri);
}

export async function analyse(
  doc: TextDocument,
  explicit: StudioSettings,
  workspaceDir: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Analysis> {
  const fileName = filePathOf(doc.uri);
  const source: SourceDocument = { text: doc.getText(), languageId: languageOf(doc) ?? 'python', fileName };
  const file = fileName.startsWith('/') || /^[A-Za-z]:[\\/]/.test(fileName) ? findConfigFor(fileName) : undefined;
  const settings = resolveSettings({ explicit, ...(file ? { file } : {}), ...(workspaceDir ? { workspaceDir } : {}) });
  const rel = relativeTo(settings.exclude.base, fileName);
  const excluded = rel !== undefined && settings.exclude.globs.length > 0 && isExcluded(rel, settings.exclude.globs);
  // Same cheap pre-check as the editor and the CLI: a file that never mentions a map is not parsed.
  const skip = excluded || !mayHoldMap(source.text, fileName);
  const models = skip
    ? new Map()
    : await resolveDocumentModels(source, settings, {
        env,
        hints: LSP_MODEL_HINTS,
        workspaceFolders: workspaceDir ? [workspaceDir, dirname(fileName)] : [dirname(fileName)],
      });
  const isFile = fileName.startsWith('/') || /^[A-Za-z]:[\\/]/.test(fileName);
  // The language server reads like the CLI: accelerate's default config under $HF_HOME too.
  const launch = source.languageId === 'python' && isFile ? launchFor(fileName, settings.processes, { env }) : undefined;
  const analysisEnv = analysisEnvFor(settings, models, LSP_MODEL_HINTS, undefined, launch);
  const findings = skip ? [] : analyzeDocument(source, analysisEnv).findings;
  return { version: doc.version, source, env: analysisEnv, settings, findings, excluded };
}

function relativeTo(base: string, path: string): string | undefined {
  const b = base.replace(/[/\\]+$/, '');
  return path.startsWith(`${b}/`) ? path.slice(b.length + 1) : undefined;
}
