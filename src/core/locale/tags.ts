/**
 * Which message catalogue a locale tag picks. Tags come from VS Code (`vscode.env.language`:
 * `zh-cn`, `zh-tw`), LSP clients (BCP 47: `zh-CN`, `zh-Hans`), the CLI's `--lang` and the POSIX
 * environment (`zh_CN.UTF-8`). Only Simplified Chinese is translated; Traditional Chinese
 * (zh-TW, zh-HK, zh-Hant) reads better in English than in the other script, so it stays English.
 */

/** The catalogues there are. */
export type MessageLocale = 'en' | 'zh-cn';

export const MESSAGE_LOCALES: readonly MessageLocale[] = ['en', 'zh-cn'];

/** `zh_CN.UTF-8@euro` -> `zh-cn`: lower case, `_` as `-`, no charset or modifier. */
function normalizeTag(tag: string): string {
  return tag
    .trim()
    .replace(/[.@].*$/, '')
    .replace(/_/g, '-')
    .toLowerCase();
}

const TRADITIONAL = new Set(['tw', 'hk', 'mo', 'hant']);

/** The catalogue for a tag; anything that is not Simplified Chinese reads English. */
export function localeOfTag(tag: string | undefined): MessageLocale {
  if (!tag) return 'en';
  const parts = normalizeTag(tag).split('-');
  if (parts[0] !== 'zh') return 'en';
  // zh, zh-cn, zh-sg, zh-hans, zh-hans-cn: Simplified. zh-tw, zh-hk, zh-mo, zh-hant(-*): not translated.
  return parts.slice(1).some((p) => TRADITIONAL.has(p)) && !parts.includes('hans') ? 'en' : 'zh-cn';
}

/** The locale variables of a process environment (strings as the shell sets them). */
export interface LocaleEnv {
  readonly LC_ALL?: string | undefined;
  readonly LC_MESSAGES?: string | undefined;
  readonly LANG?: string | undefined;
  readonly LANGUAGE?: string | undefined;
}

/** `C`, `POSIX` and `C.UTF-8` are the portable locale: untranslated text. */
function isPortable(tag: string): boolean {
  const t = normalizeTag(tag);
  return t === 'c' || t === 'posix';
}

/**
 * The catalogue a POSIX environment asks for. The messages category is LC_ALL, else
 * LC_MESSAGES, else LANG (an empty variable counts as unset, as POSIX says). As in GNU
 * gettext, LANGUAGE (a `:`-separated list of preferences) is consulted only when that
 * category is set and not `C`/`POSIX`; its first entry we have a catalogue for wins, and
 * when it names none of ours the text stays untranslated (English), as gettext does.
 */
export function localeFromEnv(env: LocaleEnv): MessageLocale {
  const category = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  if (category === undefined || isPortable(category)) return 'en';
  const preferences = (env.LANGUAGE ?? '').split(':').filter((w) => w !== '');
  if (preferences.length === 0) return localeOfTag(category);
  for (const wanted of preferences) {
    const norm = normalizeTag(wanted);
    if (norm === 'en' || norm.startsWith('en-')) return 'en';
    if (localeOfTag(wanted) === 'zh-cn') return 'zh-cn';
  }
  return 'en';
}
