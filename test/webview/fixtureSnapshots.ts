/** Panel snapshots of real fixture models, built with the same pure builder the host uses. */
import { join } from 'node:path';
import {
  DEFAULT_SETUP,
  GIB,
  expandStrategy,
  modelFromConfig,
  type Device,
  type MachineSetup,
  type ModelTree,
  type Strategy,
} from '../../src/core/index';
import { estimateLikeCli } from '../../src/core/view/deps';
import { buildSnapshot } from '../../src/core/view/viewModel';
import type { EstimateMode } from '../../src/core/memory/estimateTypes';
import { analyzeDocument, factsOf } from '../../src/core/analysis/analyze';
import type { Finding } from '../../src/core/analysis/api';
import type { DeviceMapEntry } from '../../src/core/text/types';
import { DEFAULT_OPTIONS, type PanelSnapshot } from '../../src/protocol/snapshot';
import { FIXTURES, readJson } from '../helpers/fixtures';

export function fixtureTree(name: string): ModelTree {
  return modelFromConfig(readJson(join(FIXTURES, 'models', name, 'config.json')));
}

export function setupOf(cards: number, gib: number): MachineSetup {
  return { ...DEFAULT_SETUP, gpus: Array.from({ length: cards }, () => ({ name: `${gib} GiB card`, memory: gib * GIB })) };
}

export function strategyMap(tree: ModelTree, setup: MachineSetup, strategy: Strategy = 'balanced'): Map<string, Device> {
  const budgets = new Map<Device, number>(setup.gpus.map((g, i) => [i, g.memory]));
  return expandStrategy(tree, strategy, budgets, { dtype: 'bf16' }).deviceMap;
}

/**
 * The map as a training or inference script holding it, analysed by the real rules (the panel has
 * no checks of its own): what the Problems panel would show for this file.
 */
function ruled(
  tree: ModelTree,
  map: ReadonlyMap<string, Device>,
  setup: MachineSetup,
  training: boolean,
  mode?: EstimateMode,
): { findings: Finding[]; entries: readonly DeviceMapEntry[] } {
  const entries = [...map].map(([k, d]) => `    ${JSON.stringify(k)}: ${JSON.stringify(d)},`);
  const text = [
    'import torch',
    'from transformers import AutoModelForCausalLM',
    ...(training ? ['from peft import LoraConfig, get_peft_model', ''] : ['']),
    'device_map = {',
    ...entries,
    '}',
    'model = AutoModelForCausalLM.from_pretrained("fixture", device_map=device_map, dtype=torch.bfloat16)',
    ...(training ? ['model = get_peft_model(model, LoraConfig(r=8, target_modules=["q_proj", "v_proj"]))'] : []),
    '',
  ].join('\n');
  const doc = { text, languageId: 'python', fileName: '/work/train.py' };
  const found = factsOf(doc).maps[0]!;
  const findings = analyzeDocument(doc, {
    setup,
    lookupModel: () => ({ status: 'ok', tree, origin: 'fixture' }),
    ...(mode ? { estimateMode: () => mode } : {}),
  }).findings;
  return { findings, entries: found.entries };
}

export function snapshotOf(
  tree: ModelTree,
  map: ReadonlyMap<string, Device>,
  setup: MachineSetup,
  extra: { training?: boolean; version?: number; modelName?: string; mode?: EstimateMode } = {},
): PanelSnapshot {
  const estimate = extra.mode ? estimateLikeCli({ tree, deviceMap: map, setup, mode: extra.mode, dtype: 'bf16' }) : undefined;
  return buildSnapshot({
    ...(estimate ? { estimate } : {}),
    ...ruled(tree, map, setup, extra.training ?? false, extra.mode),
    tree,
    deviceMap: map,
    setup,
    sizes: { dtype: 'bf16' },
    training: extra.training ?? false,
    meta: {
      documentVersion: extra.version ?? 1,
      mapIndex: 0,
      uri: 'file:///work/train.py',
      fileName: 'train.py',
      modelName: extra.modelName ?? tree.className,
      mapKind: 'dict',
      editable: true,
      options: extra.mode
        ? { ...DEFAULT_OPTIONS, mode: extra.mode.kind, ...('seq' in extra.mode ? { seq: extra.mode.seq, batch: extra.mode.batch } : {}) }
        : DEFAULT_OPTIONS,
    },
  });
}

/** Mixtral-8x7B as transformers 4 builds it (`block_sparse_moe.experts.K.w1/w2/w3`): the tree behind ~1,000-entry maps. */
export function mixtralTree(): ModelTree {
  const config = {
    model_type: 'mixtral',
    architectures: ['MixtralForCausalLM'],
    hidden_size: 4096,
    intermediate_size: 14336,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    num_local_experts: 8,
    num_experts_per_tok: 2,
    vocab_size: 32000,
    max_position_embeddings: 32768,
    rms_norm_eps: 1e-5,
    rope_theta: 1e6,
    tie_word_embeddings: false,
    torch_dtype: 'bfloat16',
  };
  return modelFromConfig(config, { transformers: 4 });
}

/** Fine-grained: every parameter-holding module of every layer gets its own key (with Mixtral, ~1,000 entries). */
export function fineGrainedMap(tree: ModelTree, cards: number): Map<string, Device> {
  const map = new Map<string, Device>();
  const layers = tree.root.children.find((c) => c.name === 'model')!.children.find((c) => c.name === 'model.layers')!.children;
  map.set('model.embed_tokens', 0);
  layers.forEach((layer, i) => {
    const device = Math.floor((i * cards) / layers.length);
    const visit = (n: typeof layer): void => {
      if (n.params.length) map.set(n.name, device);
      for (const c of n.children) visit(c);
    };
    visit(layer);
  });
  map.set('model.norm', cards - 1);
  map.set('model.rotary_emb', cards - 1);
  map.set('lm_head', cards - 1);
  return map;
}
