/** One configuration for every face: file parsing, the precedence resolver, exclude globs. */
export * from './types';
export { parseStudioConfig, PYPROJECT_TABLE, dirOf } from './parse';
export { CONFIG_KEYS, RULE_SEVERITIES } from './keys';
export { resolveSettings, type ResolvedSettings, type SettingsLayers, type SettingSource } from './resolve';
export { globToRegExp, isExcluded } from './glob';
export { CONFIG_FILE_NAMES } from './names';
