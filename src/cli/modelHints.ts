/**
 * How CLI users (often CI) fix a model that did not resolve: paths, flags and
 * environment variables, never a VS Code setting. The core words the problem
 * (core/analysis/modelProblem.ts); VS Code has its own hints. Getters: each read is
 * worded in the language the CLI runs in (`--lang`, LC_ALL...).
 */
import type { ModelHints } from '../core/index';
import { cliSay } from './messages';

export const CLI_MODEL_HINTS: ModelHints = {
  get mapToFolder() {
    return cliSay.text('hintMapToFolder', {});
  },
  // The CLI asks the Hub unless HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE is set ('offline' has its own fix).
  get enableHub() {
    return cliSay.text('hintEnableHub', {});
  },
  hubEndpoint: 'HF_ENDPOINT',
  // The CLI trusts the folders it is pointed at; only an editor has untrusted workspaces.
  get trustWorkspace() {
    return cliSay.text('hintTrustWorkspace', {});
  },
};
