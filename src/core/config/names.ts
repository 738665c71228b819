/**
 * Config file names, nearest folder first; within one folder the first that
 * holds our settings wins (a pyproject.toml without `[tool.device-map-studio]`
 * is passed over, like ruff passes over a pyproject without `[tool.ruff]`).
 */
export const CONFIG_FILE_NAMES = ['.device-map-studio.toml', 'device-map-studio.toml', 'pyproject.toml'] as const;
