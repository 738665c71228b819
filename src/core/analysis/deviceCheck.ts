/**
 * What torch and transformers 5.17 make of one device value (SPEC §3): the
 * exact failure for invalid ones, and the platform mismatch (`"mps"` on a
 * CUDA machine) that only fails on the user's hardware.
 */
import type { MachineSetup } from '../settings';
import type { DeviceValue } from '../text/types';
import { FLOAT_MESSAGE, META_MESSAGE, parseDeviceString } from '../text/deviceValue';
import { voice } from './messages';

/** What goes wrong with a device value (DM006's `{problem}`): the torch errors inside stay verbatim. */
export const DEVICE_MESSAGES = {
  meta: 'loading works but leaves these weights empty: the first forward pass fails with NotImplementedError: Cannot copy out of meta tensor; no data!',
  loadRaises: 'loading raises {errorClass}: {error}',
  platform:
    "the workspace's GPUs are {accelerator} devices: on them loading raises RuntimeError: PyTorch is not linked with support for {type} devices",
} as const;

const say = voice('device', DEVICE_MESSAGES);

/**
 * Parses a device string as torch would; undefined when `torch.device(s)` raises.
 * The finder's parser (core/text/deviceValue) is the one source of truth; `"meta"`
 * parses (it only fails at the first forward pass).
 */
export function parseTorchDevice(s: string): { type: string; index?: number } | undefined {
  const parsed = parseDeviceString(s);
  if (parsed.invalid && parsed.invalid !== META_MESSAGE) return undefined;
  const [type, index] = s.split(':');
  return index !== undefined ? { type: type!, index: Number(index) } : { type: type! };
}

/** The Python exception class behind each of torch's device errors. */
function errorClass(message: string): string {
  return message === FLOAT_MESSAGE ? 'TypeError' : 'RuntimeError';
}

export interface DeviceProblem {
  /** What happens, with transformers' or torch's own words. */
  readonly message: string;
  /** `load`: loading raises; `forward`: loads, then the first forward fails. */
  readonly when: 'load' | 'forward';
}

/** Why a value cannot work anywhere (DM006), or undefined when torch accepts it. */
export function deviceProblem(v: DeviceValue): DeviceProblem | undefined {
  if (v.invalid === META_MESSAGE || v.literal === 'meta') {
    return {
      message: say.text('meta', {}),
      when: 'forward',
    };
  }
  if (v.invalid) return { message: say.text('loadRaises', { errorClass: errorClass(v.invalid), error: v.invalid }), when: 'load' };
  return undefined;
}

/** A valid device of another platform than the configured one (`"mps"` on CUDA): fails there, may be right elsewhere. */
export function platformMismatch(v: DeviceValue, setup: MachineSetup): string | undefined {
  if (setup.gpus.length === 0) return undefined;
  const s = typeof v.literal === 'string' ? v.literal : typeof v.device === 'string' ? v.device : undefined;
  if (!s) return undefined;
  const d = parseTorchDevice(s);
  if (!d || !['cuda', 'mps', 'npu', 'xpu'].includes(d.type) || d.type === setup.accelerator) return undefined;
  return say.text('platform', { accelerator: setup.accelerator, type: d.type });
}
