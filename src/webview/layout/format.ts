/** Numbers as the panel prints them: binary units for bytes (as `nvidia-smi` and the CLI), short counts for parameters. */
import type { PanelDevice } from '../../protocol/snapshot';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function formatBytes(bytes: number): string {
  let v = Math.abs(bytes);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const digits = u === 0 ? 0 : v >= 100 ? 1 : 2;
  return `${bytes < 0 ? '-' : ''}${v.toFixed(digits)} ${UNITS[u]}`;
}

/** 404766720 -> "404,766,720" (no Intl: its first call costs tens of milliseconds in a fresh webview). */
export function groupDigits(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ',';
    out += s[i];
  }
  return n < 0 ? `-${out}` : out;
}

export function formatParams(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}K`;
  return String(n);
}

export function formatPercent(part: number, whole: number | undefined): string {
  if (!whole) return '';
  const p = (100 * part) / whole;
  return `${p < 10 ? p.toFixed(1) : p.toFixed(0)}%`;
}

/** A stable key for a device in DOM ids and maps (`0` and `"0"` never collide: strings get a prefix). */
export function deviceKey(d: PanelDevice): string {
  return typeof d === 'number' ? `g${d}` : `s-${d}`;
}
