/** The engine's own texts (not a rule's): templates like every other. */
import { voice } from './messages';

export const ENGINE_MESSAGES = {
  internalError: 'Internal error while checking {code}: {error}',
  ignoreOnLine: 'Ignore {code} on this line',
  unusedInFile: 'unused suppression: no finding in this file',
  unusedOnLine: 'unused suppression: no finding on this line',
  unusedCodeInFile: 'unused suppression: no {code} finding in this file',
  unusedCodeOnLine: 'unused suppression: no {code} finding on this line',
  moreFindings: '{more} more findings are not shown ({limit})',
} as const;

export const engineSay = voice('engine', ENGINE_MESSAGES);
