/** Minimal, style-keeping edits of device maps. */
export { setDevices, insertEntries, removeEntries, renameKey } from './entries';
export { replaceMap, renderDict } from './replaceMap';
export { moveModules } from './moveModules';
export { removeEarlierDuplicate } from './duplicates';
export { formatDevice, writeStyleOf, writeDevice, type WriteStyle } from './format';
export { applyDictChange, type DictChange } from './rewrite';
export type { EditResult } from './result';
