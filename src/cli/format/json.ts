/** `--output-format json` (and the older `--json`): `{ files: [{ path, diagnostics: [...] }] }`. */
import type { Formatter } from './types';

export const jsonFormat: Formatter = (files) => JSON.stringify({ files }, null, 2);
