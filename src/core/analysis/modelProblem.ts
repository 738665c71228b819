/**
 * DM016 (info): the model behind a map could not be resolved, so structural
 * checks are skipped. The message says why and how to fix it, in one sentence each.
 * The resolver (core/models) returns only the problem's kind and facts; the words
 * are here, and what the user should change comes from the face that shows them
 * (`ModelHints`): VS Code names its settings, the CLI its flags and variables.
 */
import type { ResolveProblem } from '../models/resolve/problems';

/** How a face tells its user to act on a model problem, as the second half of "To fix: ...". */
export interface ModelHints {
  /** How to map a model name to a local checkpoint folder. */
  readonly mapToFolder: string;
  /** How to let the tool read config.json and safetensors headers from the Hub, when it may not. */
  readonly enableHub: string;
  /** Where the Hub's endpoint is set, after "check the network or". */
  readonly hubEndpoint: string;
  /** How to trust the workspace (only an editor has untrusted ones). */
  readonly trustWorkspace: string;
}

/** Wording that names no face's setting or flag, for callers that pass no hints (tests, embedders). */
export const PLAIN_MODEL_HINTS: ModelHints = {
  mapToFolder: 'point the model at a local checkpoint folder',
  enableHub: 'allow Hub access to read config.json and safetensors headers from the Hub (no weights are downloaded)',
  hubEndpoint: 'the Hub endpoint (HF_ENDPOINT)',
  trustWorkspace: 'trust the workspace',
};

export interface Dm016 {
  readonly code: 'DM016';
  readonly severity: 'info';
  /** One line: "Model not resolved: <why>. <fix>" */
  readonly message: string;
  readonly why: string;
  /** Actionable fixes, most direct first. */
  readonly fixes: readonly string[];
}

/** Why the model did not resolve, and the fixes, most direct first. */
export function explainModelProblem(p: ResolveProblem, hints: ModelHints = PLAIN_MODEL_HINTS): { why: string; fixes: string[] } {
  const toFolder = hints.mapToFolder;
  switch (p.kind) {
    case 'not-literal':
      return {
        why: `the model name${p.text ? ` (${p.text})` : ''} is not a string literal or constant in this file`,
        fixes: ['use a string literal or a module-level constant for the model name', toFolder],
      };
    case 'folder-without-config':
      return {
        why: `the folder ${p.folder} has no config.json and no *.safetensors files`,
        fixes: ['point the model at the checkpoint folder that holds config.json (the one save_pretrained wrote)', toFolder],
      };
    case 'path-not-found':
      return {
        why: `the path "${p.name}" does not exist (looked in ${p.searched.join(', ') || 'no folder'})`,
        fixes: ["check the path: relative paths are read from the file's folder, then the workspace folders", toFolder],
      };
    case 'outside-workspace':
      return {
        why: `"${p.name}" lies outside this untrusted workspace, so it is not read`,
        fixes: [`${hints.trustWorkspace} to read checkpoints outside it`],
      };
    case 'not-found': {
      const fixes: string[] = [];
      const where = p.cacheDir ? ` (${p.cacheDir})` : '';
      if (p.hub === 'disabled') fixes.push(hints.enableHub);
      const offlineVar = p.offlineVar ?? 'HF_HUB_OFFLINE';
      if (p.hub === 'offline') fixes.push(`unset ${offlineVar} to let the Hub be asked for config.json and safetensors headers`);
      if (p.hub === 'untrusted')
        fixes.push(`${hints.trustWorkspace}: untrusted workspaces never touch the network or the Hugging Face cache`);
      fixes.push(`download it once (huggingface-cli download ${p.name} config.json) so it is in the Hugging Face cache`, toFolder);
      const hubWhy = {
        allowed: '',
        disabled: ', and the Hub is disabled',
        offline: `, and ${offlineVar} is set`,
        untrusted: ', and untrusted workspaces do not use the Hub',
      }[p.hub];
      return { why: `"${p.name}" is not in the Hugging Face cache${where} nor the built-in catalogue${hubWhy}`, fixes };
    }
    case 'gated':
      return p.hadToken
        ? {
            why: `the Hub refused access to "${p.name}" (HTTP ${p.status}): the repo is gated or private and your token has no access`,
            fixes: [`accept the licence on the model page (https://huggingface.co/${p.name}) with the account of your token`, toFolder],
          }
        : {
            why: `"${p.name}" is gated or private on the Hub (HTTP ${p.status}) and no token was found`,
            fixes: ['log in with `huggingface-cli login` (or set HF_TOKEN) after accepting the licence on the model page', toFolder],
          };
    case 'hub-missing':
      return {
        why: p.revision
          ? `the Hub has no repo "${p.name}" at revision "${p.revision}" (HTTP 404)`
          : `the Hub has no repo "${p.name}" (HTTP 404)`,
        fixes: ['check the spelling of the model id (org/name) and the revision', toFolder],
      };
    case 'network':
      return {
        why: p.timedOut
          ? `the Hub did not answer within the time-out for "${p.name}"${p.detail.startsWith('the Hub') ? ` (${p.detail})` : ''}`
          : `the Hub could not be reached for "${p.name}": ${p.detail}`,
        fixes: [`check the network or ${hints.hubEndpoint}`, toFolder],
      };
    case 'bad-revision':
      return {
        why: `the revision ${JSON.stringify(p.revision.length > 80 ? `${p.revision.slice(0, 80)}…` : p.revision)} of "${p.name}" is not valid: ${p.detail}`,
        fixes: ['use a branch, tag or commit hash as revision= (for example "main" or "refs/pr/1")'],
      };
    case 'hub-limit':
      return {
        why: `the Hub's answer for "${p.name}" was refused: ${p.detail}`,
        fixes: [`check that ${hints.hubEndpoint} points at a real Hub or mirror`, toFolder],
      };
    case 'cancelled':
      return { why: `resolving "${p.name}" was cancelled`, fixes: ['edit or save the file to try again'] };
    case 'unknown-model-type':
      return {
        why: `"${p.name}" has model_type "${p.modelType}", which the built-in catalogue does not build (supported: ${p.supported.join(', ')})`,
        fixes: [
          'point the model at a folder with its *.safetensors files: their headers give the tree and exact sizes for any architecture',
          toFolder,
        ],
      };
    case 'bad-checkpoint':
      return {
        why: `${p.where} of "${p.name}" cannot be read: ${p.detail}`,
        fixes: ['re-download or re-save the checkpoint', toFolder],
      };
  }
}

/** The DM016 finding for a problem, its fixes worded for the face that shows it. */
export function dm016(problem: ResolveProblem, hints: ModelHints = PLAIN_MODEL_HINTS): Dm016 {
  const { why, fixes } = explainModelProblem(problem, hints);
  const fix = fixes[0] ? ` To fix: ${fixes[0]}.` : '';
  return { code: 'DM016', severity: 'info', why, fixes, message: `Model not resolved: ${why}.${fix} Structural checks are skipped.` };
}
