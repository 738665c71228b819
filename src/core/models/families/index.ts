/** Every family the catalogue knows; one file each. */
import type { ModelFamily } from '../family';
import { llama } from './llama';
import { gpt2 } from './gpt2';
import { t5 } from './t5';
import { falcon } from './falcon';
import { gptNeox } from './gptNeox';
import { opt } from './opt';
import { bloom } from './bloom';
import { mistral } from './mistral';
import { mixtral } from './mixtral';
import { qwen2 } from './qwen2';
import { qwen3 } from './qwen3';
import { qwen } from './qwen';
import { gemma } from './gemma';
import { gemma2 } from './gemma2';
import { phi3 } from './phi3';

export const FAMILIES: readonly ModelFamily[] = [
  llama,
  gpt2,
  t5,
  falcon,
  gptNeox,
  opt,
  bloom,
  mistral,
  mixtral,
  qwen2,
  qwen3,
  qwen,
  gemma,
  gemma2,
  phi3,
];
