/** Where the e2e tools live: everything installed by scripts/setup-e2e.sh under .cache/vscode. */
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
export const CACHE = resolve(ROOT, '.cache/vscode');
export const CODE_SERVER = resolve(CACHE, 'cs/node_modules/.bin/code-server');
/** The VS Code inside code-server: its extensions/ and node_modules/. */
export const VSCODE_DIR = resolve(CACHE, 'cs/node_modules/code-server/lib/vscode');
export const CHROMIUM = '/usr/lib/chromium/chromium';
export const RESULTS = resolve(ROOT, 'test-results');
