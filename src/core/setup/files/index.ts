/** The files of a setup, per requested format; a torchrun / accelerate launch also writes the Python script it starts. */
import type { SetupFile } from '../types';
import type { SetupPlanCore } from './context';
import { jsonFiles } from './json';
import { accelerateScript, torchrunScript } from './launch';
import { pythonScript, scriptName } from './python';
import { swiftScript } from './swift';

export function setupFiles(p: SetupPlanCore): SetupFile[] {
  const out = new Map<string, SetupFile>();
  const add = (f: SetupFile): void => void out.set(f.relativePath, f);
  const formats = p.request.formats;
  // torchrun / accelerate start the Python script; swift runs on its own.
  const needsScript = formats.some((f) => f === 'python' || f === 'torchrun' || f === 'accelerate');
  if (needsScript) add({ relativePath: scriptName(p), languageId: 'python', content: pythonScript(p) });
  // A hybrid script reads its process's map from setup_rank<r>.json, so those files come with it.
  const hybrid = p.request.processes > 1 && p.request.layout === 'hybrid';
  const swift = formats.includes('swift');
  if (formats.includes('json') || (hybrid && needsScript)) jsonFiles(p).forEach(add);
  if (swift) add(swiftScript(p));
  if (formats.includes('torchrun')) add(torchrunScript(p));
  if (formats.includes('accelerate')) add(accelerateScript(p));
  return [...out.values()];
}
