/**
 * DM016 (info): the model behind a map could not be resolved, so structural
 * checks are skipped. The message says why and how to fix it, in one sentence each.
 * The resolver (core/models) returns only the problem's kind and facts; the words
 * are here, and what the user should change comes from the face that shows them
 * (`ModelHints`): VS Code names its settings, the CLI its flags and variables.
 */
import type { ResolveProblem } from '../models/resolve/problems';
import { voice } from './messages';

export const MODEL_PROBLEM_MESSAGES = {
  notLiteral: 'the model name is not a string literal or constant in this file',
  notLiteralText: 'the model name ({text}) is not a string literal or constant in this file',
  useLiteral: 'use a string literal or a module-level constant for the model name',
  folderWithoutConfig: 'the folder {folder} has no config.json and no *.safetensors files',
  pointAtCheckpoint: 'point the model at the checkpoint folder that holds config.json (the one save_pretrained wrote)',
  pathNotFound: 'the path "{name}" does not exist (looked in {searched})',
  noFolder: 'no folder',
  checkPath: "check the path: relative paths are read from the file's folder, then the workspace folders",
  outsideWorkspace: '"{name}" lies outside this untrusted workspace, so it is not read',
  trustToRead: '{trust} to read checkpoints outside it',
  unsetOffline: 'unset {variable} to let the Hub be asked for config.json and safetensors headers',
  trustNoNetwork: '{trust}: untrusted workspaces never touch the network or the Hugging Face cache',
  downloadOnce: 'download it once (huggingface-cli download {name} config.json) so it is in the Hugging Face cache',
  notFound: '"{name}" is not in the Hugging Face cache{where} nor the built-in catalogue{hub}',
  hubDisabled: ', and the Hub is disabled',
  hubOffline: ', and {variable} is set',
  hubUntrusted: ', and untrusted workspaces do not use the Hub',
  gatedToken: 'the Hub refused access to "{name}" (HTTP {status}): the repo is gated or private and your token has no access',
  acceptLicence: 'accept the licence on the model page (https://huggingface.co/{name}) with the account of your token',
  gatedNoToken: '"{name}" is gated or private on the Hub (HTTP {status}) and no token was found',
  logIn: 'log in with `huggingface-cli login` (or set HF_TOKEN) after accepting the licence on the model page',
  hubMissingRevision: 'the Hub has no repo "{name}" at revision "{revision}" (HTTP 404)',
  hubMissing: 'the Hub has no repo "{name}" (HTTP 404)',
  checkSpelling: 'check the spelling of the model id (org/name) and the revision',
  timedOut: 'the Hub did not answer within the time-out for "{name}"{detail}',
  unreachable: 'the Hub could not be reached for "{name}": {detail}',
  checkNetwork: 'check the network or {endpoint}',
  badRevision: 'the revision {revision} of "{name}" is not valid: {detail}',
  useRevision: 'use a branch, tag or commit hash as revision= (for example "main" or "refs/pr/1")',
  hubLimit: 'the Hub\'s answer for "{name}" was refused: {detail}',
  checkEndpoint: 'check that {endpoint} points at a real Hub or mirror',
  cancelled: 'resolving "{name}" was cancelled',
  tryAgain: 'edit or save the file to try again',
  unknownModelType: '"{name}" has model_type "{modelType}", which the built-in catalogue does not build (supported: {supported})',
  useSafetensors:
    'point the model at a folder with its *.safetensors files: their headers give the tree and exact sizes for any architecture',
  badCheckpoint: '{where} of "{name}" cannot be read: {detail}',
  redownload: 're-download or re-save the checkpoint',
  message: 'Model not resolved: {why}.{fix} Structural checks are skipped.',
  toFix: ' To fix: {fix}.',
} as const;

const say = voice('model-problem', MODEL_PROBLEM_MESSAGES);

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
        why: p.text ? say.text('notLiteralText', { text: p.text }) : say.text('notLiteral', {}),
        fixes: [say.text('useLiteral', {}), toFolder],
      };
    case 'folder-without-config':
      return {
        why: say.text('folderWithoutConfig', { folder: p.folder }),
        fixes: [say.text('pointAtCheckpoint', {}), toFolder],
      };
    case 'path-not-found':
      return {
        why: say.text('pathNotFound', { name: p.name, searched: p.searched.join(', ') || say.text('noFolder', {}) }),
        fixes: [say.text('checkPath', {}), toFolder],
      };
    case 'outside-workspace':
      return {
        why: say.text('outsideWorkspace', { name: p.name }),
        fixes: [say.text('trustToRead', { trust: hints.trustWorkspace })],
      };
    case 'not-found': {
      const fixes: string[] = [];
      const where = p.cacheDir ? ` (${p.cacheDir})` : '';
      if (p.hub === 'disabled') fixes.push(hints.enableHub);
      const offlineVar = p.offlineVar ?? 'HF_HUB_OFFLINE';
      if (p.hub === 'offline') fixes.push(say.text('unsetOffline', { variable: offlineVar }));
      if (p.hub === 'untrusted') fixes.push(say.text('trustNoNetwork', { trust: hints.trustWorkspace }));
      fixes.push(say.text('downloadOnce', { name: p.name }), toFolder);
      const hubWhy = {
        allowed: '',
        disabled: say.text('hubDisabled', {}),
        offline: say.text('hubOffline', { variable: offlineVar }),
        untrusted: say.text('hubUntrusted', {}),
      }[p.hub];
      return { why: say.text('notFound', { name: p.name, where, hub: hubWhy }), fixes };
    }
    case 'gated':
      return p.hadToken
        ? {
            why: say.text('gatedToken', { name: p.name, status: p.status }),
            fixes: [say.text('acceptLicence', { name: p.name }), toFolder],
          }
        : {
            why: say.text('gatedNoToken', { name: p.name, status: p.status }),
            fixes: [say.text('logIn', {}), toFolder],
          };
    case 'hub-missing':
      return {
        why: p.revision ? say.text('hubMissingRevision', { name: p.name, revision: p.revision }) : say.text('hubMissing', { name: p.name }),
        fixes: [say.text('checkSpelling', {}), toFolder],
      };
    case 'network':
      return {
        why: p.timedOut
          ? say.text('timedOut', { name: p.name, detail: p.detail.startsWith('the Hub') ? ` (${p.detail})` : '' })
          : say.text('unreachable', { name: p.name, detail: p.detail }),
        fixes: [say.text('checkNetwork', { endpoint: hints.hubEndpoint }), toFolder],
      };
    case 'bad-revision':
      return {
        why: say.text('badRevision', {
          revision: JSON.stringify(p.revision.length > 80 ? `${p.revision.slice(0, 80)}…` : p.revision),
          name: p.name,
          detail: p.detail,
        }),
        fixes: [say.text('useRevision', {})],
      };
    case 'hub-limit':
      return {
        why: say.text('hubLimit', { name: p.name, detail: p.detail }),
        fixes: [say.text('checkEndpoint', { endpoint: hints.hubEndpoint }), toFolder],
      };
    case 'cancelled':
      return { why: say.text('cancelled', { name: p.name }), fixes: [say.text('tryAgain', {})] };
    case 'unknown-model-type':
      return {
        why: say.text('unknownModelType', { name: p.name, modelType: p.modelType, supported: p.supported.join(', ') }),
        fixes: [say.text('useSafetensors', {}), toFolder],
      };
    case 'bad-checkpoint':
      return {
        why: say.text('badCheckpoint', { where: p.where, name: p.name, detail: p.detail }),
        fixes: [say.text('redownload', {}), toFolder],
      };
  }
}

/** The DM016 finding for a problem, its fixes worded for the face that shows it. */
export function dm016(problem: ResolveProblem, hints: ModelHints = PLAIN_MODEL_HINTS): Dm016 {
  const { why, fixes } = explainModelProblem(problem, hints);
  const fix = fixes[0] ? say.text('toFix', { fix: fixes[0] }) : '';
  return { code: 'DM016', severity: 'info', why, fixes, message: say.text('message', { why, fix }) };
}
