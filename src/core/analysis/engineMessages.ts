/** The engine's own texts (not a rule's): templates like every other. */
import { voice } from './messages';

export const ENGINE_MESSAGES = {
  internalError: 'Internal error while checking {code}: {error}',
  ignoreOnLine: 'Ignore {code} on this line',
} as const;

export const engineSay = voice('engine', ENGINE_MESSAGES);
