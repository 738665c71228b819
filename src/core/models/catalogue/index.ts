/**
 * The built-in catalogue: config.json values of popular checkpoints keyed by Hub
 * id, so the common models resolve with no files and no network. Lookup is
 * case-insensitive and knows the ids the Hub redirects (`gpt2` ->
 * `openai-community/gpt2`) and the chat/instruct twins that share a config.
 */
import type { HFConfig } from '../config';
import { CLASSIC_CHECKPOINTS } from './classics';
import { DECODER_CHECKPOINTS } from './decoders';

export const CATALOGUE: Readonly<Record<string, HFConfig>> = { ...DECODER_CHECKPOINTS, ...CLASSIC_CHECKPOINTS };

/** Other names of the same config: legacy ids the Hub redirects, and fine-tunes with identical shapes. */
const ALIASES: Readonly<Record<string, string>> = {
  gpt2: 'openai-community/gpt2',
  'gpt2-medium': 'openai-community/gpt2-medium',
  'gpt2-large': 'openai-community/gpt2-large',
  'gpt2-xl': 'openai-community/gpt2-xl',
  't5-small': 'google-t5/t5-small',
  't5-base': 'google-t5/t5-base',
  't5-large': 'google-t5/t5-large',
  't5-3b': 'google-t5/t5-3b',
  't5-11b': 'google-t5/t5-11b',
  'meta-llama/Llama-2-7b-chat-hf': 'meta-llama/Llama-2-7b-hf',
  'meta-llama/Llama-2-13b-chat-hf': 'meta-llama/Llama-2-13b-hf',
  'meta-llama/Llama-2-70b-chat-hf': 'meta-llama/Llama-2-70b-hf',
  'meta-llama/Meta-Llama-3-8B-Instruct': 'meta-llama/Meta-Llama-3-8B',
  'meta-llama/Meta-Llama-3-70B-Instruct': 'meta-llama/Meta-Llama-3-70B',
  'meta-llama/Meta-Llama-3.1-8B': 'meta-llama/Llama-3.1-8B',
  'meta-llama/Meta-Llama-3.1-70B': 'meta-llama/Llama-3.1-70B',
  'meta-llama/Llama-3.1-8B-Instruct': 'meta-llama/Llama-3.1-8B',
  'meta-llama/Llama-3.1-70B-Instruct': 'meta-llama/Llama-3.1-70B',
  'meta-llama/Meta-Llama-3.1-8B-Instruct': 'meta-llama/Llama-3.1-8B',
  'meta-llama/Meta-Llama-3.1-70B-Instruct': 'meta-llama/Llama-3.1-70B',
  'meta-llama/Llama-3.2-1B-Instruct': 'meta-llama/Llama-3.2-1B',
  'meta-llama/Llama-3.2-3B-Instruct': 'meta-llama/Llama-3.2-3B',
  'Qwen/Qwen-7B-Chat': 'Qwen/Qwen-7B',
  'Qwen/Qwen-14B-Chat': 'Qwen/Qwen-14B',
  'Qwen/Qwen2-7B-Instruct': 'Qwen/Qwen2-7B',
  'Qwen/Qwen2-72B-Instruct': 'Qwen/Qwen2-72B',
  'Qwen/Qwen2.5-0.5B-Instruct': 'Qwen/Qwen2.5-0.5B',
  'Qwen/Qwen2.5-1.5B-Instruct': 'Qwen/Qwen2.5-1.5B',
  'Qwen/Qwen2.5-3B-Instruct': 'Qwen/Qwen2.5-3B',
  'Qwen/Qwen2.5-7B-Instruct': 'Qwen/Qwen2.5-7B',
  'Qwen/Qwen2.5-14B-Instruct': 'Qwen/Qwen2.5-14B',
  'Qwen/Qwen2.5-32B-Instruct': 'Qwen/Qwen2.5-32B',
  'Qwen/Qwen2.5-72B-Instruct': 'Qwen/Qwen2.5-72B',
  'mistralai/Mixtral-8x7B-Instruct-v0.1': 'mistralai/Mixtral-8x7B-v0.1',
  'google/gemma-1.1-2b-it': 'google/gemma-2b',
  'google/gemma-2b-it': 'google/gemma-2b',
  'google/gemma-7b-it': 'google/gemma-7b',
  'google/gemma-2-2b-it': 'google/gemma-2-2b',
  'google/gemma-2-9b-it': 'google/gemma-2-9b',
  'google/gemma-2-27b-it': 'google/gemma-2-27b',
  'bigscience/bloomz-7b1': 'bigscience/bloom-7b1',
  'bigscience/bloomz-560m': 'bigscience/bloom-560m',
};

const byLowerId = new Map<string, string>();
for (const id of Object.keys(CATALOGUE)) byLowerId.set(id.toLowerCase(), id);
for (const [alias, id] of Object.entries(ALIASES)) byLowerId.set(alias.toLowerCase(), id);

/** The catalogue's Hub id for a name (case-insensitive, aliases followed), or undefined. */
export function catalogueId(name: string): string | undefined {
  return byLowerId.get(name.trim().toLowerCase());
}

/** The config of a catalogued checkpoint, or undefined when the name is not in the catalogue. */
export function catalogueConfig(name: string): HFConfig | undefined {
  const id = catalogueId(name);
  return id ? CATALOGUE[id] : undefined;
}

/** Every catalogued Hub id, sorted (for completion and docs). */
export function catalogueIds(): string[] {
  return Object.keys(CATALOGUE).sort();
}
