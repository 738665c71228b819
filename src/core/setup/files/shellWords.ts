/** Shell pieces the launch writers share. */
import type { SetupPlanCore } from './context';

/** `'...'` for the shell: single quotes, a `'` inside closed and reopened. */
export function shq(s: string): string {
  return /^[A-Za-z0-9_./:=,@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The cards the processes use, as CUDA_VISIBLE_DEVICES lists them. */
export function visibleCards(p: SetupPlanCore): string {
  const used = new Set(p.ranks.flatMap((k) => k.cards));
  return [...used].sort((a, b) => a - b).join(',');
}

/** A command over several lines, `\`-continued, arguments indented. */
export function continued(head: string, args: readonly string[]): string[] {
  if (args.length === 0) return [head];
  return [`${head} \\`, ...args.map((a, i) => `    ${a}${i < args.length - 1 ? ' \\' : ''}`)];
}

export function header(p: SetupPlanCore, what: string): string[] {
  return [
    '#!/usr/bin/env bash',
    `# ${what} — written by Device Map Studio (device-map init) for ${p.request.model.id}.`,
    'set -euo pipefail',
    'cd "$(dirname "$0")"',
    '',
  ];
}
