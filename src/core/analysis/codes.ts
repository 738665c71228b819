/**
 * The diagnostic codes of SPEC §7: one meaning and one default severity each.
 * Rules, the CLI and the docs all read this table, so a code never drifts.
 */
import type { Severity } from './api';

export interface CodeInfo {
  readonly severity: Severity;
  readonly title: string;
}

export const CODES = {
  DM001: { severity: 'error', title: 'parameters not covered by any key (loading raises ValueError)' },
  DM002: { severity: 'warning', title: 'key names no module of the model (silently ignored)' },
  DM003: { severity: 'error', title: 'a no-split block spread over several devices (forward fails)' },
  DM004: { severity: 'error', title: 'a key and a key under it send one subtree to different devices' },
  DM005: { severity: 'error', title: 'tied weights on different devices' },
  DM006: { severity: 'error', title: 'invalid device value' },
  DM007: { severity: 'error', title: 'device index beyond the GPUs configured' },
  DM008: { severity: 'error', title: 'unknown strategy string' },
  DM009: { severity: 'warning', title: 'blocks change device more often than needed' },
  DM010: { severity: 'warning', title: 'CPU- or disk-placed blocks in a file that trains' },
  DM011: { severity: 'error', title: 'estimated memory exceeds a card' },
  DM012: { severity: 'warning', title: 'training, and the main card keeps less free memory than the reserve' },
  DM013: { severity: 'error', title: 'bitsandbytes with cpu/disk entries and no fp32 CPU offload' },
  DM014: { severity: 'error', title: 'invalid max_memory key or size' },
  DM015: { severity: 'warning', title: 'a key captures modules it does not name' },
  DM016: { severity: 'info', title: 'model not resolved: structural checks skipped' },
  DM017: { severity: 'warning', title: 'one device written two ways' },
  DM018: { severity: 'warning', title: 'single-device dict that leaves modules out' },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;
