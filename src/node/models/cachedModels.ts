/** The models in this machine's Hugging Face cache (`HF_HUB_CACHE`, `$HF_HOME/hub`, `~/.cache/huggingface/hub`), by Hub id. */
import { homedir } from 'node:os';
import { cachedModelIds, hubCacheDir, type Env } from '../../core/index';
import { nodeFs } from './nodeFs';

export function listCachedModels(env: Env = process.env, home: string = homedir()): Promise<string[]> {
  return cachedModelIds(nodeFs, hubCacheDir(nodeFs, env, home));
}
