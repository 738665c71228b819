/** Python number literals, and `format(value, spec)` for the specs device-map keys use. */
import type { Span } from '../types';
import { num, pyStr, unknown, type PyVal } from './values';

export function parseNumber(raw: string, span: Span): PyVal {
  const s = raw.replace(/_/g, '');
  if (/[jJ]$/.test(s)) return unknown(span);
  if (/^0[xX][0-9a-fA-F]+$/.test(s)) return { t: 'int', v: parseInt(s.slice(2), 16), span };
  if (/^0[oO][0-7]+$/.test(s)) return { t: 'int', v: parseInt(s.slice(2), 8), span };
  if (/^0[bB][01]+$/.test(s)) return { t: 'int', v: parseInt(s.slice(2), 2), span };
  if (/^\d+$/.test(s)) return { t: 'int', v: Number(s), span };
  const f = Number(s);
  return Number.isFinite(f) ? { t: 'float', v: f, span } : unknown(span);
}

/** `format(value, spec)` for the specs device-map keys use (`d`, `02d`, `s`, empty). */
export function formatValue(v: PyVal, spec: string): string | undefined {
  if (spec === '') return pyStr(v);
  const m = /^(0?)(\d*)([ds]?)$/.exec(spec);
  if (!m) return undefined;
  const s = m[3] === 'd' ? (v.t === 'int' || v.t === 'bool' ? String(num(v)) : undefined) : pyStr(v);
  if (s === undefined) return undefined;
  const width = m[2] ? Number(m[2]) : 0;
  if (s.length >= width) return s;
  const numeric = v.t === 'int' || v.t === 'float';
  if (m[1] === '0') return s.startsWith('-') ? '-' + s.slice(1).padStart(width - 1, '0') : s.padStart(width, '0');
  return numeric ? s.padStart(width, ' ') : s.padEnd(width, ' ');
}
