/**
 * How CLI users (often CI) fix a model that did not resolve: paths, flags and
 * environment variables, never a VS Code setting. The core words the problem
 * (core/analysis/modelProblem.ts); VS Code has its own hints.
 */
import type { ModelHints } from '../core/index';

export const CLI_MODEL_HINTS: ModelHints = {
  mapToFolder: 'name a local checkpoint folder instead (in the file, or with --model)',
  // The CLI asks the Hub unless HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE is set ('offline' has its own fix).
  enableHub: 'let the CLI ask the Hub for config.json and safetensors headers (no weights are downloaded)',
  hubEndpoint: 'HF_ENDPOINT',
  // The CLI trusts the folders it is pointed at; only an editor has untrusted workspaces.
  trustWorkspace: 'open the folder as a trusted workspace',
};
