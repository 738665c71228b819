/** Small walks over a module subtree that the analysis needs often. */
import { joinName, walkModules, type ModuleNode } from '../models/tree';

/** Full names of every parameter and buffer under a module. */
export function* namedTensorsUnder(node: ModuleNode): Generator<string> {
  for (const m of walkModules(node)) {
    for (const t of m.params) yield joinName(m.name, t.name);
    for (const t of m.buffers) yield joinName(m.name, t.name);
  }
}

/** Whether a module (or anything under it) holds parameters. */
export function holdsParams(node: ModuleNode): boolean {
  for (const m of walkModules(node)) if (m.params.length > 0) return true;
  return false;
}

/** `a.b` is under `a` (or is `a`); everything is under the root `""`. */
export function isUnder(name: string, ancestor: string): boolean {
  return ancestor === '' || name === ancestor || name.startsWith(`${ancestor}.`);
}
