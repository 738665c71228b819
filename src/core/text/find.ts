/**
 * The finder's entry point: every device map in a Python or JSON document,
 * with what surrounds it. Never throws: an internal failure becomes a problem.
 * Files that never mention `device_map` (nor accelerate's `dispatch`) return no facts at all (`trains` is
 * only worked out for files that have maps).
 */
import type { SourceDocument } from '../base/source';
import { limitMessage, MAX_SOURCE_BYTES } from '../base/limits';
import { findJsonMaps } from './json/findJson';
import { strictJsonProblems } from './json/strictJson';
import { findPythonMaps } from './python/findPython';
import { findShellMaps } from './shell/findShellMaps';
import { findYamlMaps } from './yaml/findYamlMaps';
import type { DocumentFacts } from './types';

type FinderLanguage = 'python' | 'json' | 'shell' | 'yaml';

/** Language ids the shell finder reads (VS Code's `shellscript`, and what other editors send). */
const SHELL_IDS = new Set(['shellscript', 'shell', 'sh', 'bash', 'zsh']);
export const SHELL_FILE = /\.(sh|bash|zsh)$/i;
export const YAML_FILE = /\.ya?ml$/i;

function languageOf(doc: SourceDocument): FinderLanguage | undefined {
  const id = doc.languageId.toLowerCase();
  if (id === 'python') return 'python';
  if (id === 'json' || id === 'jsonc') return 'json';
  if (SHELL_IDS.has(id)) return 'shell';
  if (id === 'yaml') return 'yaml';
  if (/\.pyi?$/i.test(doc.fileName)) return 'python';
  if (/\.jsonc?$/i.test(doc.fileName)) return 'json';
  if (SHELL_FILE.test(doc.fileName)) return 'shell';
  if (YAML_FILE.test(doc.fileName)) return 'yaml';
  return undefined;
}

/**
 * The one pre-filter every face uses (the editor before it schedules an analysis,
 * the CLI's `check` and the language server through `findDeviceMaps`). Every map
 * is spelled `device_map` somewhere in its file (or the file is named like one), or
 * handed positionally to accelerate's `dispatch_model` / `load_checkpoint_and_dispatch`:
 * other files, the vast majority, cost a substring search or two.
 */
export function mayHoldMap(text: string, fileName: string): boolean {
  return (
    text.includes('device_map') ||
    text.includes('max_memory') ||
    text.includes('dispatch') ||
    // ms-swift command lines and configs (shell, YAML) name their map options otherwise (`--device_map_config`).
    (!/\.(pyi?|ipynb|jsonc?)$/i.test(fileName) && /\bswift\b/.test(text)) ||
    /device[_-]?map[^/\\]*\.jsonc?$/i.test(fileName)
  );
}

/** `mayHoldMap` for a document. */
export function mayHoldDeviceMap(doc: SourceDocument): boolean {
  return mayHoldMap(doc.text, doc.fileName);
}

export function findDeviceMaps(doc: SourceDocument): DocumentFacts {
  const lang = languageOf(doc);
  if (!lang || !mayHoldDeviceMap(doc)) return { maps: [], trains: false, problems: [] };
  // One limit for every face (editor, language server, CLI): past it, one clear problem and no analysis.
  if (doc.text.length > MAX_SOURCE_BYTES) {
    return {
      maps: [],
      trains: false,
      problems: [
        {
          kind: 'unreadable',
          span: { start: 0, end: 0 },
          message: `Device Map Studio does not analyse this file: ${limitMessage('file size', `${doc.text.length} characters`, MAX_SOURCE_BYTES)}`,
        },
      ],
    };
  }
  try {
    if (lang === 'python') return findPythonMaps(doc.text, doc.fileName);
    if (lang === 'shell') return findShellMaps(doc.text);
    if (lang === 'yaml') return findYamlMaps(doc.text);
    const facts = findJsonMaps(doc.text, doc.fileName);
    // Strict JSON only for `.json` files holding maps (json.load reads them); `.jsonc` and settings files are tolerant.
    const strict = facts.maps.length > 0 && doc.languageId.toLowerCase() === 'json' && /\.json$/i.test(doc.fileName);
    return strict ? { ...facts, problems: [...facts.problems, ...strictJsonProblems(doc.text)] } : facts;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { maps: [], trains: false, problems: [{ kind: 'unreadable', span: { start: 0, end: 0 }, message }] };
  }
}
