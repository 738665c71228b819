/**
 * What torch and transformers 5.17 make of one device value (SPEC §3): the
 * exact failure for invalid ones, and the platform mismatch (`"mps"` on a
 * CUDA machine) that only fails on the user's hardware.
 */
import type { MachineSetup } from '../settings';
import type { DeviceValue } from '../text/types';

/** Device types torch's parser accepts (`torch.device("npu:0")` needs the backend, not the parser). */
const TORCH_TYPES = ['cpu', 'cuda', 'mps', 'xpu', 'npu', 'meta', 'hpu', 'mtia', 'xla', 'ipu', 'privateuseone'];

/** Parses a device string as torch would; undefined when `torch.device(s)` raises. */
export function parseTorchDevice(s: string): { type: string; index?: number } | undefined {
  if (s === 'disk') return { type: 'disk' };
  const m = /^([a-z_]+)(?::(\d+))?$/.exec(s);
  if (!m || !TORCH_TYPES.includes(m[1]!)) return undefined;
  return m[2] !== undefined ? { type: m[1]!, index: Number(m[2]) } : { type: m[1]! };
}

/** `1.0`, `1e0`, `.5`: Python floats even when their value is whole. */
function isFloatLiteral(raw: string): boolean {
  const s = raw.trim();
  return /^[+-]?(\d[\d_]*)?(\.\d*)?([eE][+-]?\d+)?$/.test(s) && /[.eE]/.test(s);
}

export interface DeviceProblem {
  /** What happens, with transformers' or torch's own words. */
  readonly message: string;
  /** `load`: loading raises; `forward`: loads, then the first forward fails. */
  readonly when: 'load' | 'forward';
}

/** Why a value cannot work anywhere (DM006), or undefined when torch accepts it. */
export function deviceProblem(v: DeviceValue): DeviceProblem | undefined {
  const lit = v.literal;
  if (typeof lit === 'number') {
    if (!Number.isInteger(lit) || isFloatLiteral(v.raw)) {
      return { message: `loading raises TypeError: device() received an invalid combination of arguments - got (float)`, when: 'load' };
    }
    if (lit < 0) return { message: 'loading raises RuntimeError: Device index must not be negative', when: 'load' };
    return undefined;
  }
  if (typeof lit === 'string') {
    if (lit === 'meta') {
      return { message: 'loading works but leaves these weights empty: the first forward pass fails with NotImplementedError: Cannot copy out of meta tensor; no data!', when: 'forward' };
    }
    if (!parseTorchDevice(lit)) return { message: `loading raises RuntimeError: Invalid device string: '${lit}'`, when: 'load' };
    return undefined;
  }
  if (v.invalid) return { message: v.invalid, when: 'load' };
  return undefined;
}

/** A valid device of another platform than the configured one (`"mps"` on CUDA): fails there, may be right elsewhere. */
export function platformMismatch(v: DeviceValue, setup: MachineSetup): string | undefined {
  if (setup.gpus.length === 0) return undefined;
  const s = typeof v.literal === 'string' ? v.literal : typeof v.device === 'string' ? v.device : undefined;
  if (!s) return undefined;
  const d = parseTorchDevice(s);
  if (!d || !['cuda', 'mps', 'npu', 'xpu'].includes(d.type) || d.type === setup.accelerator) return undefined;
  return `the workspace's GPUs are ${setup.accelerator} devices: on them loading raises RuntimeError: PyTorch is not linked with support for ${d.type} devices`;
}
