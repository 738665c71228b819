/**
 * The JSON map file of a setup: the bare map, valid under schemas/device-map.schema.json
 * (module name -> GPU index), named `*device_map*.json` so `device-map check` and the
 * editor read the whole file as the map. Hybrid: one file per process. A data-parallel
 * run loads `{"": local_rank}`, a different card per process: there is no file to write.
 */
import type { Device } from '../../base/devices';
import type { SetupFile } from '../types';
import type { SetupPlanCore } from './context';

function jsonOf(map: ReadonlyMap<string, Device>): string {
  return `${JSON.stringify(Object.fromEntries(map), null, 2)}\n`;
}

export function jsonFiles(p: SetupPlanCore): SetupFile[] {
  const r = p.request;
  if (r.processes > 1 && r.layout === 'data-parallel') return [];
  if (r.processes > 1)
    return p.ranks.map((k) => ({ relativePath: `device_map_rank${k.rank}.json`, languageId: 'json', content: jsonOf(k.deviceMap) }));
  return [{ relativePath: 'device_map.json', languageId: 'json', content: jsonOf(p.map) }];
}
