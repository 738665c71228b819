/** Writing devices and keys back in the style the map already uses. */
import type { Device } from '../../base/devices';
import type { DeviceValue, FoundDeviceMap, ValueStyle } from '../types';
import type { Lang } from './dictItems';

export interface WriteStyle {
  /** How GPU indices are written. */
  readonly gpu: 'int' | 'cuda-string' | 'torch-device';
  readonly quote: '"' | "'";
  /** `torch.device("cuda", 1)` rather than `torch.device("cuda:1")`. */
  readonly torchTwoArgs: boolean;
  readonly lang: Lang;
}

export function quoteString(s: string, quote: '"' | "'"): string {
  if (quote === '"') return JSON.stringify(s);
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/**
 * A device as source text: `formatDevice(1, 'int')` -> `1`, `'cuda-string'` -> `"cuda:1"`,
 * `'torch-device'` -> `torch.device("cuda:1")`; strings (`"cpu"`, `"disk"`) are quoted.
 */
export function formatDevice(device: Device, style: ValueStyle, quote: '"' | "'" = '"', torchTwoArgs = false): string {
  if (style === 'torch-device' && device !== 'disk') {
    if (typeof device === 'number')
      return torchTwoArgs
        ? `torch.device(${quoteString('cuda', quote)}, ${device})`
        : `torch.device(${quoteString(`cuda:${device}`, quote)})`;
    const m = /^(\w+):(\d+)$/.exec(device);
    return m && torchTwoArgs ? `torch.device(${quoteString(m[1]!, quote)}, ${m[2]})` : `torch.device(${quoteString(device, quote)})`;
  }
  if (typeof device === 'number') return style === 'cuda-string' ? quoteString(`cuda:${device}`, quote) : String(device);
  return quoteString(device, quote);
}

/** `torch.device("cuda", 1)` as written, rather than `torch.device("cuda:1")`. */
function writtenWithTwoArgs(raw: string): boolean {
  return /^torch\.device\(\s*['"]\w+['"]\s*,/.test(raw);
}

function gpuStyleOf(v: DeviceValue): WriteStyle['gpu'] | undefined {
  if (typeof v.device !== 'number') return undefined;
  return v.style === 'int' || v.style === 'cuda-string' || v.style === 'torch-device' ? v.style : undefined;
}

/** The style most of a map's GPU values use (ints when there are none). */
export function writeStyleOf(map: FoundDeviceMap, lang: Lang): WriteStyle {
  const counts = new Map<WriteStyle['gpu'], number>();
  let torchTwoArgs = false;
  let quote: '"' | "'" | undefined;
  for (const e of map.entries) {
    const s = gpuStyleOf(e.value);
    if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
    if (e.value.style === 'torch-device' && writtenWithTwoArgs(e.value.raw)) torchTwoArgs = true;
    quote ??= e.value.quote;
  }
  if (map.value) {
    const s = gpuStyleOf(map.value);
    if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  let gpu: WriteStyle['gpu'] = 'int';
  let best = 0;
  for (const [s, n] of counts)
    if (n > best) {
      gpu = s;
      best = n;
    }
  if (lang === 'json' && gpu === 'torch-device') gpu = 'int';
  const q = lang === 'json' ? '"' : (map.style?.quote ?? quote ?? map.value?.quote ?? '"');
  return { gpu, quote: q, torchTwoArgs, lang };
}

/** A device written for a new or changed entry; an existing entry keeps its own style when it has one. */
export function writeDevice(device: Device, ws: WriteStyle, current?: DeviceValue): string {
  const own = current && current.style !== 'other' && current.invalid === undefined ? current.style : undefined;
  // Keep a string-styled entry's style only when it stays a string device; a GPU gets the map's GPU style.
  const style: ValueStyle = own && (own !== 'string' || typeof device !== 'number') ? own : ws.gpu;
  const quote = current?.quote ?? ws.quote;
  const two = current?.style === 'torch-device' ? writtenWithTwoArgs(current.raw) : ws.torchTwoArgs;
  return formatDevice(device, style === 'string' && typeof device === 'number' ? ws.gpu : style, ws.lang === 'json' ? '"' : quote, two);
}

export function writeKey(key: string, ws: WriteStyle): string {
  return quoteString(key, ws.lang === 'json' ? '"' : ws.quote);
}
