/**
 * Device values as torch 2.11 parses them (`c10::Device` from a string or an
 * index), plus accelerate's `"disk"`. Gives the device transformers would use
 * and, for a bad value, the exact error text the load would raise.
 */
import type { Device } from '../base/devices';
import type { DeviceValue, Span, ValueStyle } from './types';

export { isStrategy, badStrategyMessage } from '../placement/strategy';

/** Device types torch knows (`c10::parse_type`), plus out-of-tree backends users run (`npu`). */
const TORCH_DEVICE_TYPES = [
  'cpu',
  'cuda',
  'ipu',
  'xpu',
  'mkldnn',
  'opengl',
  'opencl',
  'ideep',
  'hip',
  've',
  'fpga',
  'maia',
  'xla',
  'lazy',
  'vulkan',
  'mps',
  'meta',
  'hpu',
  'mtia',
  'privateuseone',
  'npu',
] as const;

export const META_MESSAGE = 'NotImplementedError: Cannot copy out of meta tensor; no data!';
export const NEGATIVE_MESSAGE = 'Device index must not be negative';
export const FLOAT_MESSAGE =
  'device() received an invalid combination of arguments - got (float), but expected one of: (torch.device device), (str type, int index = -1)';

export interface ParsedDevice {
  device?: Device;
  invalid?: string;
}

/** `torch.device(s)` for a string, mapped to the device a map entry means (`"cuda:1"` -> 1). */
export function parseDeviceString(s: string): ParsedDevice {
  if (s === 'disk') return { device: 'disk' };
  // torch matches ([a-zA-Z_]+)(?::([1-9]\d*|0))? over the whole string.
  const m = /^([a-zA-Z_]+)(?::([1-9]\d*|0))?$/.exec(s);
  if (!m) return { invalid: `Invalid device string: '${s}'` };
  const type = m[1]!;
  const index = m[2];
  if (!(TORCH_DEVICE_TYPES as readonly string[]).includes(type)) {
    return {
      invalid: `Expected one of ${TORCH_DEVICE_TYPES.filter((t) => t !== 'npu').join(', ')} device type at start of device string: ${type}`,
    };
  }
  if (type === 'meta') return { invalid: META_MESSAGE };
  // A bare "cuda" is the current CUDA device, which is 0 unless the script changes it.
  if (type === 'cuda') return { device: index === undefined ? 0 : Number(index) };
  if (type === 'cpu') return { device: 'cpu' };
  return { device: index === undefined ? type : `${type}:${index}` };
}

/** `torch.device(i)` / a bare int as a map value. */
export function parseDeviceIndex(i: number): ParsedDevice {
  return i < 0 ? { invalid: NEGATIVE_MESSAGE } : { device: i };
}

export function styleOfString(s: string): ValueStyle {
  return /^cuda(:\d+)?$/.test(s) ? 'cuda-string' : 'string';
}

/**
 * Builds a DeviceValue for a literal written in the source. Runs for every entry of every map on
 * every re-lint, so the object is built field by field (no spreads), in the same key order.
 */
export function deviceValueOf(
  literal: number | string | undefined,
  raw: string,
  span: Span,
  opts: { isFloat?: boolean; quote?: '"' | "'"; torchDevice?: boolean } = {},
): DeviceValue {
  const out: { -readonly [K in keyof DeviceValue]: DeviceValue[K] } = { raw, span } as DeviceValue;
  if (opts.quote) out.quote = opts.quote;
  if (literal !== undefined) out.literal = literal;
  if (literal === undefined) {
    out.style = opts.torchDevice ? 'torch-device' : 'other';
    return out;
  }
  if (typeof literal === 'number' && (opts.isFloat || !Number.isInteger(literal))) {
    out.style = 'other';
    out.invalid = FLOAT_MESSAGE;
    return out;
  }
  out.style = opts.torchDevice ? 'torch-device' : typeof literal === 'number' ? 'int' : styleOfString(literal);
  const parsed = typeof literal === 'number' ? parseDeviceIndex(literal) : parseDeviceString(literal);
  if (parsed.device !== undefined) out.device = parsed.device;
  if (parsed.invalid !== undefined) out.invalid = parsed.invalid;
  return out;
}
