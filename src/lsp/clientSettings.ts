/**
 * Settings a client sends (initializationOptions, workspace/configuration for
 * section `deviceMapStudio`, didChangeConfiguration) in the VS Code shape —
 * nested (`{ hub: { enabled } }`) or dotted (`"hub.enabled"`), with or without
 * a `deviceMapStudio` wrapper — as the resolver's explicit layer.
 */
import type { StudioSettings } from '../core/index';

const NESTED = ['hub', 'estimate'] as const;

export function explicitFromClient(raw: unknown): StudioSettings {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  let obj = raw as Record<string, unknown>;
  if (obj['deviceMapStudio'] && typeof obj['deviceMapStudio'] === 'object') obj = obj['deviceMapStudio'] as Record<string, unknown>;
  else if (obj['settings'] && typeof obj['settings'] === 'object') return explicitFromClient(obj['settings']);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    // `locale` picks the language (messages.ts: clientLocale), not a setting.
    if (v === undefined || v === null || k === 'locale') continue;
    if ((NESTED as readonly string[]).includes(k) && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) if (v2 !== undefined && v2 !== null) out[`${k}.${k2}`] = v2;
    } else out[k] = v;
  }
  return out as StudioSettings;
}
