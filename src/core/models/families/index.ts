/** Every family the catalogue knows; one file each. */
import type { ModelFamily } from '../family';
import { llama } from './llama';
import { gpt2 } from './gpt2';
import { t5 } from './t5';

export const FAMILIES: readonly ModelFamily[] = [llama, gpt2, t5];
