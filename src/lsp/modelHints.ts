/**
 * How language-server users fix a model that did not resolve: the config file
 * (read by every face) or the client's settings, never a VS Code command.
 * The core words the problem (core/analysis/modelProblem.ts).
 */
import type { ModelHints } from '../core/index';

export const LSP_MODEL_HINTS: ModelHints = {
  mapToFolder:
    'map the name to a local checkpoint folder under [tool.device-map-studio.models] in pyproject.toml (or device-map-studio.toml)',
  enableHub: 'set hub.enabled = true in the config file (or "hub": {"enabled": true} in the client settings)',
  hubEndpoint: 'hub.endpoint in the config file, or HF_ENDPOINT',
  trustWorkspace: 'open the folder as a trusted workspace',
};
