/**
 * The code table, read from the rule units (rules/index.ts): one meaning and one
 * default severity per code. Rules, the CLI and the generated docs all read it.
 */
import type { Severity } from './api';
import { RULES, isDmCode } from './rules/index';

export interface CodeInfo {
  readonly severity: Severity;
  readonly title: string;
}

/** `DM0xx` codes only; plain tags are in `TAGS`. */
export const CODES: Readonly<Record<string, CodeInfo>> = Object.fromEntries(
  RULES.filter((r) => isDmCode(r.code)).map((r) => [r.code, { severity: r.severity, title: r.title }]),
);

export const TAGS: Readonly<Record<string, CodeInfo>> = Object.fromEntries(
  RULES.filter((r) => !isDmCode(r.code)).map((r) => [r.code, { severity: r.severity, title: r.title }]),
);

export type Code = string;
