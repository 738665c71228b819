/**
 * The editor language a file is read as, from its name alone: what the CLI walks and what the
 * language server falls back to when a client sends a language id we do not know. One table, so
 * a new kind of file (shell scripts, YAML configs) is added in one place.
 */
export type FileLanguage = 'python' | 'json' | 'jsonc' | 'shellscript' | 'yaml';

const BY_EXTENSION: ReadonlyArray<readonly [RegExp, FileLanguage]> = [
  [/\.pyi?$/i, 'python'],
  [/\.jsonc$/i, 'jsonc'],
  [/\.json$/i, 'json'],
  // ms-swift command lines and YAML training configs.
  [/\.(sh|bash)$/i, 'shellscript'],
  [/\.ya?ml$/i, 'yaml'],
];

export function languageOfFileName(name: string): FileLanguage | undefined {
  return BY_EXTENSION.find(([pattern]) => pattern.test(name))?.[1];
}
