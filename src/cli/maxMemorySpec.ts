import { cliSay } from './messages';
import { type Device, getMaxMemory, maxMemoryFromRecord } from '../core/index';
import { UsageError } from './args';
import { parseJsonText } from './loadModel';

export function parseMaxMemorySpec(spec: string): Map<Device, number | string> {
  const trimmed = spec.trim();
  let record: Record<string, number | string>;
  if (trimmed.startsWith('{')) {
    const value = parseJsonText(trimmed, '--max-memory');
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(cliSay.text('maxMemoryObject', {}));
    record = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v !== 'number' && typeof v !== 'string') throw new UsageError(cliSay.text('maxMemoryValue', { key: k }));
      record[k] = v;
    }
  } else {
    record = {};
    for (const part of trimmed
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const eq = part.indexOf('=');
      if (eq <= 0) throw new UsageError(cliSay.text('maxMemoryPart', { part }));
      const v = part.slice(eq + 1).trim();
      record[part.slice(0, eq).trim()] = /^\d+$/.test(v) ? Number(v) : v;
    }
  }
  const mm = maxMemoryFromRecord(record);
  try {
    getMaxMemory(mm); // validate keys and sizes now, with accelerate's messages
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return mm;
}
