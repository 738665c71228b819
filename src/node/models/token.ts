/**
 * The Hugging Face token, found as huggingface_hub finds it: `HF_TOKEN`, then
 * the file `huggingface-cli login` writes (`HF_TOKEN_PATH`, else `$HF_HOME/token`,
 * default `~/.cache/huggingface/token`). The token is returned, never logged.
 */
import { readBoundedFile } from '../readBounded';
import { hfHome, type Env } from '../../core/index';
import { nodeFs } from './nodeFs';

export async function findHfToken(env: Env, homeDir: string): Promise<string | undefined> {
  const fromEnv = (env['HF_TOKEN'] ?? env['HUGGING_FACE_HUB_TOKEN'])?.trim();
  if (fromEnv) return fromEnv;
  const file = env['HF_TOKEN_PATH'] || nodeFs.join(hfHome(nodeFs, env, homeDir), 'token');
  try {
    // Bounded and regular files only: a FIFO at HF_TOKEN_PATH must not hang the resolver.
    const t = (await readBoundedFile(file, 64 * 1024)).trim();
    return t === '' ? undefined : t;
  } catch {
    return undefined;
  }
}
