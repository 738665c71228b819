/**
 * How language-server users fix a model that did not resolve: the config file
 * (read by every face) or the client's settings, never a VS Code command.
 * The core words the problem (core/analysis/modelProblem.ts). Getters: each read is
 * worded in the client's locale (messages.ts: useClientLocale).
 */
import type { ModelHints } from '../core/index';
import { lspSay } from './messages';

export const LSP_MODEL_HINTS: ModelHints = {
  get mapToFolder() {
    return lspSay.text('hintMapToFolder', {});
  },
  get enableHub() {
    return lspSay.text('hintEnableHub', {});
  },
  get hubEndpoint() {
    return lspSay.text('hintHubEndpoint', {});
  },
  get trustWorkspace() {
    return lspSay.text('hintTrustWorkspace', {});
  },
};
