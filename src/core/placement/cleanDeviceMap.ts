/**
 * Merges every subtree whose entries share one device into a single key.
 * Mirrors accelerate 1.15 `utils.modeling.clean_device_map` (recursive from the
 * root). Python walks children from a set; we walk them in first-seen order so
 * the result is deterministic (the mapping is the same either way).
 */
import type { Device } from '../base/devices';

export type DeviceMap = Map<string, Device>;

export function cleanDeviceMap(map: DeviceMap, moduleName = ''): DeviceMap {
  const prefix = moduleName === '' ? '' : `${moduleName}.`;
  const keys = [...map.keys()].filter((k) => k.startsWith(prefix));
  const values = keys.map((k) => map.get(k)!);
  if (values.length > 1 && new Set(values).size === 1) {
    for (const k of keys) map.delete(k);
    map.set(moduleName, values[0]!);
  }
  const depth = moduleName.length > 0 ? moduleName.split('.').length + 1 : 1;
  const children: string[] = [];
  const seen = new Set<string>();
  for (const k of map.keys()) {
    if (!k.startsWith(prefix) || k.length <= moduleName.length) continue;
    const child = k.split('.').slice(0, depth).join('.');
    if (!seen.has(child)) {
      seen.add(child);
      children.push(child);
    }
  }
  for (const child of children) cleanDeviceMap(map, child);
  return map;
}
