/**
 * How VS Code users fix a model that did not resolve: the extension's own
 * settings and commands. The core words the problem (core/analysis/modelProblem.ts)
 * and asks the face for these; the CLI has its own (src/cli/modelHints.ts).
 */
import type { ModelHints } from '../../core/index';

export const VSCODE_MODEL_HINTS: ModelHints = {
  mapToFolder: 'map the name to a local checkpoint folder in the "deviceMapStudio.models" setting',
  enableHub:
    'enable the "deviceMapStudio.hub.enabled" setting to read config.json and safetensors headers from the Hub (no weights are downloaded)',
  hubEndpoint: 'the "deviceMapStudio.hub.endpoint" setting / HF_ENDPOINT',
  trustWorkspace: 'trust the workspace (Workspaces: Manage Workspace Trust)',
};
