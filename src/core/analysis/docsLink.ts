/**
 * Where each code's page lives: `docs/diagnostics/<code>.md` in the repository
 * (package.json's `repository.url`; a test keeps the two equal). Editor and CLI
 * both link findings here (`codeDescription`).
 */
import type { CodeDescription } from './api';
import { RULE_BY_CODE } from './rules/index';

export const REPOSITORY_URL = 'https://github.com/device-map-studio/device-map-studio';

export function docsPath(code: string): string {
  return `docs/diagnostics/${code}.md`;
}

/** The page of a registered code, or undefined for anything else. */
export function codeDescription(code: string): CodeDescription | undefined {
  return RULE_BY_CODE.has(code) ? { href: `${REPOSITORY_URL}/blob/main/${docsPath(code)}` } : undefined;
}
