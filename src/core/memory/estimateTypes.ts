/**
 * The per-device memory estimate's shape (issue: memory beyond weights).
 * The CLI's `estimate --json`, the hover, the CodeLens, DM011/DM012 and the
 * panel's stacked bars all read this one structure.
 */
import type { Device } from '../base/devices';

export type EstimateMode =
  | { readonly kind: 'load' }
  | { readonly kind: 'forward'; readonly batch: number; readonly seq: number }
  | { readonly kind: 'generate'; readonly batch: number; readonly prompt: number; readonly newTokens: number }
  | {
      readonly kind: 'train-lora';
      readonly batch: number;
      readonly seq: number;
      readonly rank: number;
      /** Module-name suffixes LoRA wraps (`q_proj`, `v_proj`). */
      readonly targets: readonly string[];
      readonly gradientCheckpointing: boolean;
    }
  | {
      /** Full fine-tuning: every parameter trainable, AdamW (fused, as the Trainer picks on torch >= 2.8), peak over two steps. */
      readonly kind: 'train-full';
      readonly batch: number;
      readonly seq: number;
      readonly gradientCheckpointing: boolean;
    };

/** Bytes on one device, the peak over the step. */
export interface DeviceEstimate {
  readonly weights: number;
  readonly kv_cache: number;
  readonly activations: number;
  readonly training: number;
  readonly context: number;
  readonly total: number;
}

export interface MemoryEstimate {
  readonly devices: Map<Device, DeviceEstimate>;
  /** Human-readable formula behind each number, per device and component, for tooltips. */
  readonly formulas: Map<Device, Partial<Record<keyof DeviceEstimate, string>>>;
  /** Parts of this estimate no GPU measurement backs, each with the assumption made (issue 19: 4/8-bit runtime). */
  readonly unmeasured?: readonly string[];
}
