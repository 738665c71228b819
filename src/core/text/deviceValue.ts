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

/** Builds a DeviceValue for a literal written in the source. */
export function deviceValueOf(
  literal: number | string | undefined,
  raw: string,
  span: Span,
  opts: { isFloat?: boolean; quote?: '"' | "'"; torchDevice?: boolean } = {},
): DeviceValue {
  const base = { raw, span, ...(opts.quote ? { quote: opts.quote } : {}), ...(literal !== undefined ? { literal } : {}) };
  if (literal === undefined) return { ...base, style: opts.torchDevice ? 'torch-device' : 'other' };
  if (typeof literal === 'number') {
    if (opts.isFloat || !Number.isInteger(literal)) return { ...base, style: 'other', invalid: FLOAT_MESSAGE };
    return { ...base, style: opts.torchDevice ? 'torch-device' : 'int', ...parseDeviceIndex(literal) };
  }
  return { ...base, style: opts.torchDevice ? 'torch-device' : styleOfString(literal), ...parseDeviceString(literal) };
}
