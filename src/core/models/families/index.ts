/** Every family the catalogue knows; one file each. */
import type { ModelFamily } from '../family';
import { llama } from './llama';

export const FAMILIES: readonly ModelFamily[] = [llama];
