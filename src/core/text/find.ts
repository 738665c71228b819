/**
 * The finder's entry point: every device map in a Python or JSON document,
 * with what surrounds it. Never throws: an internal failure becomes a problem.
 * Files that never mention `device_map` (nor accelerate's `dispatch`) return no facts at all (`trains` is
 * only worked out for files that have maps).
 */
import type { SourceDocument } from '../base/source';
import { findJsonMaps } from './json/findJson';
import { findPythonMaps } from './python/findPython';
import type { DocumentFacts } from './types';

function languageOf(doc: SourceDocument): 'python' | 'json' | undefined {
  const id = doc.languageId.toLowerCase();
  if (id === 'python') return 'python';
  if (id === 'json' || id === 'jsonc') return 'json';
  if (/\.pyi?$/i.test(doc.fileName)) return 'python';
  if (/\.jsonc?$/i.test(doc.fileName)) return 'json';
  return undefined;
}

export function findDeviceMaps(doc: SourceDocument): DocumentFacts {
  const lang = languageOf(doc);
  // Every map is spelled `device_map` somewhere in its file (or the file is named like one), or
  // handed positionally to accelerate's `dispatch_model` / `load_checkpoint_and_dispatch`:
  // other files, the vast majority, cost a substring search or two.
  const named = /device_map[^\\/]*\.jsonc?$/i.test(doc.fileName);
  const mentions = doc.text.includes('device_map') || (lang === 'python' && doc.text.includes('dispatch'));
  if (!lang || (!named && !mentions)) return { maps: [], trains: false, problems: [] };
  try {
    return lang === 'python' ? findPythonMaps(doc.text, doc.fileName) : findJsonMaps(doc.text, doc.fileName);
  } catch (e) {
    const message = `Device Map Studio could not read this file: ${e instanceof Error ? e.message : String(e)}`;
    return { maps: [], trains: false, problems: [{ span: { start: 0, end: 0 }, message }] };
  }
}
