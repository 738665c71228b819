/**
 * Parses a config file's text (`pyproject.toml`'s `[tool.device-map-studio]`
 * table, or a `device-map-studio.toml` whose top level is that table) into
 * `StudioSettings`. Never throws: a syntax error, an unknown key or a bad value
 * becomes a `ConfigProblem` with the path, line and key, and that key is left
 * to the defaults (the other keys still apply).
 */
import { parse as parseToml, TomlError } from 'smol-toml';
import { CONFIG_KEYS, CONFIG_TABLES, RULE_SEVERITIES } from './keys';
import type { ConfigProblem, FileConfig, RuleSeverity, SettingName, StudioSettings } from './types';

export const PYPROJECT_TABLE = 'tool.device-map-studio';

/** The folder part of a path written with / or \ (core has no node:path). */
export function dirOf(path: string): string {
  const i = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return i <= 0 ? (i === 0 ? path.slice(0, 1) : '.') : path.slice(0, i);
}

const isTable = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

/** The 1-based line where `key` is written (as `key =` or in a `[...key]` header), 0 when not found. */
function lineOfKey(text: string, dotted: string): number {
  const parts = dotted.split('.');
  const last = parts[parts.length - 1]!;
  const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const patterns = [
    new RegExp(`^\\s*\\[[^\\]]*\\b${esc(parts.join('.'))}\\s*\\]`), // [tool.device-map-studio.estimate]
    new RegExp(`^\\s*["']?${esc(dotted)}["']?\\s*=`), // estimate.batch = 2
    new RegExp(`^\\s*["']?${esc(last)}["']?\\s*=`), // batch = 2 under [estimate]
  ];
  const lines = text.split('\n');
  for (const re of patterns) {
    const i = lines.findIndex((l) => re.test(l));
    if (i >= 0) return i + 1;
  }
  return 0;
}

function normalise(key: string, value: unknown): unknown {
  // `transformers-version = 4` reads naturally in TOML; the setting is a string.
  if (key === 'transformers-version' && typeof value === 'number') return String(value);
  return value;
}

/** Flattens the table into dotted keys one level deep (`hub.enabled`), keeping `models` and `rules` whole. */
function flatten(table: Record<string, unknown>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [k, v] of Object.entries(table)) {
    if (isTable(v) && CONFIG_TABLES.has(k) && k !== 'models' && k !== 'rules') {
      for (const [k2, v2] of Object.entries(v)) out.push([`${k}.${k2}`, v2]);
    } else out.push([k, v]);
  }
  return out;
}

function parseRules(value: unknown, problem: (key: string, message: string) => void): Record<string, RuleSeverity> {
  const rules: Record<string, RuleSeverity> = {};
  if (!isTable(value)) {
    problem('rules', 'must be a table such as [tool.device-map-studio.rules] with DM009 = "off"');
    return rules;
  }
  for (const [code, sev] of Object.entries(value)) {
    if (!/^DM0\d\d$/.test(code) && !/^[a-z][a-z-]*$/.test(code)) problem(`rules.${code}`, 'is not a diagnostic code (DM001 … DM018)');
    else if (typeof sev !== 'string' || !(RULE_SEVERITIES as readonly string[]).includes(sev))
      problem(`rules.${code}`, `must be one of ${RULE_SEVERITIES.map((s) => `"${s}"`).join(', ')}`);
    else rules[code] = sev as RuleSeverity;
  }
  return rules;
}

/**
 * `kind` 'pyproject': the settings live under `[tool.device-map-studio]` (absent: undefined, the file is not ours);
 * 'standalone': the whole file is the table.
 */
export function parseStudioConfig(text: string, path: string, kind: 'pyproject' | 'standalone'): FileConfig | undefined {
  const problems: ConfigProblem[] = [];
  const dir = dirOf(path);
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    const line = e instanceof TomlError ? e.line : 0;
    const message = e instanceof Error ? e.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '') : String(e);
    return { path, dir, settings: {}, problems: [{ path, line, key: '', message: `malformed TOML (${message}); using the defaults` }] };
  }
  let table: unknown = doc;
  const prefix = kind === 'pyproject' ? `${PYPROJECT_TABLE}.` : '';
  if (kind === 'pyproject') {
    const tool = doc['tool'];
    table = isTable(tool) ? tool['device-map-studio'] : undefined;
    if (table === undefined) return undefined;
  }
  if (!isTable(table)) {
    return {
      path,
      dir,
      settings: {},
      problems: [{ path, line: lineOfKey(text, PYPROJECT_TABLE), key: PYPROJECT_TABLE, message: 'must be a table; using the defaults' }],
    };
  }
  const problem = (key: string, message: string, outcome = 'using the default'): void => {
    problems.push({ path, line: lineOfKey(text, `${prefix}${key}`) || lineOfKey(text, key), key, message: `${message}; ${outcome}` });
  };
  const settings: Record<string, unknown> = {};
  for (const [key, raw] of flatten(table)) {
    if (key === 'rules') {
      settings['rules'] = parseRules(raw, problem);
      continue;
    }
    const entry = CONFIG_KEYS.get(key);
    if (!entry) {
      problem(key, `unknown key (known: ${[...CONFIG_KEYS.keys(), 'rules'].join(', ')})`, 'ignored');
      continue;
    }
    const [name, check] = entry;
    const value = normalise(key, raw);
    const error = check(value);
    if (error) problem(key, error);
    else settings[name satisfies SettingName] = value;
  }
  return { path, dir, settings: settings as StudioSettings, problems };
}
