/** `--output-format` name → formatter. */
import { githubFormat } from './github';
import { jsonFormat } from './json';
import { sarifFormat } from './sarif';
import { textFormat } from './text';
import type { Formatter } from './types';

export const FORMATS: ReadonlyMap<string, Formatter> = new Map([
  ['text', textFormat],
  ['json', jsonFormat],
  ['github', githubFormat],
  ['sarif', sarifFormat],
]);

export type { CheckedFile, ReportedFinding, ToolInfo } from './types';
