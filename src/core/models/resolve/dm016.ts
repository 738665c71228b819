/**
 * DM016 (info): the model behind a map could not be resolved, so structural
 * checks are skipped. The message says why and how to fix it, in one sentence each.
 */
import type { ResolveProblem } from './problems';

export interface Dm016 {
  readonly code: 'DM016';
  readonly severity: 'info';
  /** One line: "Model not resolved: <why>. <fix>" */
  readonly message: string;
  readonly why: string;
  /** Actionable fixes, most direct first. */
  readonly fixes: readonly string[];
}

const MODELS_SETTING = 'map the name to a local checkpoint folder in the "deviceMapStudio.models" setting';

function explain(p: ResolveProblem): { why: string; fixes: string[] } {
  switch (p.kind) {
    case 'not-literal':
      return {
        why: `the model name${p.text ? ` (${p.text})` : ''} is not a string literal or constant in this file`,
        fixes: ['use a string literal or a module-level constant for the model name', MODELS_SETTING],
      };
    case 'folder-without-config':
      return {
        why: `the folder ${p.folder} has no config.json and no *.safetensors files`,
        fixes: ['point the model at the checkpoint folder that holds config.json (the one save_pretrained wrote)', MODELS_SETTING],
      };
    case 'path-not-found':
      return {
        why: `the path "${p.name}" does not exist (looked in ${p.searched.join(', ') || 'no folder'})`,
        fixes: ['check the path: relative paths are read from the file\'s folder, then the workspace folders', MODELS_SETTING],
      };
    case 'outside-workspace':
      return {
        why: `"${p.name}" lies outside this untrusted workspace, so it is not read`,
        fixes: ['trust the workspace (Workspaces: Manage Workspace Trust) to read checkpoints outside it'],
      };
    case 'not-found': {
      const fixes: string[] = [];
      const where = p.cacheDir ? ` (${p.cacheDir})` : '';
      if (p.hub === 'disabled') fixes.push('enable the "deviceMapStudio.hub.enabled" setting to read config.json and safetensors headers from the Hub (no weights are downloaded)');
      const offlineVar = p.offlineVar ?? 'HF_HUB_OFFLINE';
      if (p.hub === 'offline') fixes.push(`unset ${offlineVar} to let the Hub be asked for config.json and safetensors headers`);
      if (p.hub === 'untrusted') fixes.push('trust the workspace: untrusted workspaces never touch the network or the Hugging Face cache');
      fixes.push(`download it once (huggingface-cli download ${p.name} config.json) so it is in the Hugging Face cache`, MODELS_SETTING);
      const hubWhy = { allowed: '', disabled: ', and the Hub is disabled', offline: `, and ${offlineVar} is set`, untrusted: ', and untrusted workspaces do not use the Hub' }[p.hub];
      return { why: `"${p.name}" is not in the Hugging Face cache${where} nor the built-in catalogue${hubWhy}`, fixes };
    }
    case 'gated':
      return p.hadToken
        ? {
            why: `the Hub refused access to "${p.name}" (HTTP ${p.status}): the repo is gated or private and your token has no access`,
            fixes: [`accept the licence on the model page (https://huggingface.co/${p.name}) with the account of your token`, MODELS_SETTING],
          }
        : {
            why: `"${p.name}" is gated or private on the Hub (HTTP ${p.status}) and no token was found`,
            fixes: ['log in with `huggingface-cli login` (or set HF_TOKEN) after accepting the licence on the model page', MODELS_SETTING],
          };
    case 'hub-missing':
      return {
        why: p.revision
          ? `the Hub has no repo "${p.name}" at revision "${p.revision}" (HTTP 404)`
          : `the Hub has no repo "${p.name}" (HTTP 404)`,
        fixes: ['check the spelling of the model id (org/name) and the revision', MODELS_SETTING],
      };
    case 'network':
      return {
        why: p.timedOut ? `the Hub did not answer within the time-out for "${p.name}"${p.detail.startsWith('the Hub') ? ` (${p.detail})` : ''}` : `the Hub could not be reached for "${p.name}": ${p.detail}`,
        fixes: ['check the network or the "deviceMapStudio.hub.endpoint" setting / HF_ENDPOINT', MODELS_SETTING],
      };
    case 'bad-revision':
      return {
        why: `the revision ${JSON.stringify(p.revision.length > 80 ? `${p.revision.slice(0, 80)}…` : p.revision)} of "${p.name}" is not valid: ${p.detail}`,
        fixes: ['use a branch, tag or commit hash as revision= (for example "main" or "refs/pr/1")'],
      };
    case 'hub-limit':
      return {
        why: `the Hub's answer for "${p.name}" was refused: ${p.detail}`,
        fixes: ['check the "deviceMapStudio.hub.endpoint" setting / HF_ENDPOINT points at a real Hub or mirror', MODELS_SETTING],
      };
    case 'cancelled':
      return { why: `resolving "${p.name}" was cancelled`, fixes: ['edit or save the file to try again'] };
    case 'unknown-model-type':
      return {
        why: `"${p.name}" has model_type "${p.modelType}", which the built-in catalogue does not build (supported: ${p.supported.join(', ')})`,
        fixes: ['point the model at a folder with its *.safetensors files: their headers give the tree and exact sizes for any architecture', MODELS_SETTING],
      };
    case 'bad-checkpoint':
      return {
        why: `${p.where} of "${p.name}" cannot be read: ${p.detail}`,
        fixes: ['re-download or re-save the checkpoint', MODELS_SETTING],
      };
  }
}

/** The DM016 finding for a problem. */
export function dm016(problem: ResolveProblem): Dm016 {
  const { why, fixes } = explain(problem);
  const fix = fixes[0] ? ` To fix: ${fixes[0]}.` : '';
  return { code: 'DM016', severity: 'info', why, fixes, message: `Model not resolved: ${why}.${fix} Structural checks are skipped.` };
}
