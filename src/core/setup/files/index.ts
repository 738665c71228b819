/** The files of a setup, per requested format; a launch format also writes the Python script it starts. */
import type { SetupFile } from '../types';
import type { SetupPlanCore } from './context';
import { jsonFiles } from './json';
import { pythonScript, scriptName } from './python';

export function setupFiles(p: SetupPlanCore): SetupFile[] {
  const out = new Map<string, SetupFile>();
  const add = (f: SetupFile): void => void out.set(f.relativePath, f);
  const formats = p.request.formats;
  const needsScript = formats.some((f) => f !== 'json');
  if (needsScript) add({ relativePath: scriptName(p), languageId: 'python', content: pythonScript(p) });
  if (formats.includes('json')) jsonFiles(p).forEach(add);
  return [...out.values()];
}
