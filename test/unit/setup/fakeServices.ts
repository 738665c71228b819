/**
 * Services for the flow's unit tests: the real catalogue, model trees and GPU
 * parser, a fixed list of cached models and detected cards, and a setup core
 * whose answers the test chooses (the flow's logic is under test, not the
 * generator's numbers). Every call to the core is recorded.
 */
import { catalogueConfig, catalogueIds, parseGpusFlag, treeFor, GIB } from '../../../src/core/index';
import type { CompleteAnswers, PlanOutcome, SetupCore, SetupServices } from '../../../src/extension/setup/answers';

export interface FakeOptions {
  readonly cached?: readonly string[];
  readonly detected?: number;
  /** Plans in order; the last repeats. Default: fits, one file. */
  readonly plans?: readonly PlanOutcome[];
  readonly workspace?: string;
}

export const FITS: PlanOutcome = {
  fits: true,
  files: [{ path: 'train.py', content: '# planned\n', showLayout: true }],
  summary: 'cuda:0 10.0 GiB',
};

export function fakeServices(o: FakeOptions = {}): SetupServices & { readonly planned: CompleteAnswers[]; readonly previews: number } {
  const plans = [...(o.plans ?? [FITS])];
  const planned: CompleteAnswers[] = [];
  let previews = 0;
  const core: SetupCore = {
    tasks: () => [
      { task: 'inference', label: 'Inference', detail: 'generate' },
      { task: 'lora', label: 'LoRA', detail: 'adapters' },
      { task: 'qlora', label: 'QLoRA 4-bit', detail: '4-bit base' },
      { task: 'full', label: 'Full fine-tuning', detail: 'every weight' },
    ],
    preview: () => {
      previews++;
      return [
        { strategy: 'studio', label: 'Studio planner', cards: 'cuda:0 7.0 / 23.6 GiB · cuda:1 7.0 / 23.6 GiB', fits: true },
        {
          strategy: 'sequential',
          label: 'sequential',
          cards: 'cuda:0 25.0 / 23.6 GiB · cuda:1 0.0 / 23.6 GiB',
          fits: false,
          problem: 'cuda:0 over by 1.4 GiB',
        },
      ];
    },
    formats: ({ processes }) => [
      { format: 'python', label: 'Python script', detail: 'from_pretrained' },
      { format: 'json', label: 'JSON map', detail: 'device_map.json' },
      ...(processes.processes > 1 ? [{ format: 'torchrun', label: 'torchrun script', detail: 'launch' }] : []),
    ],
    plan: (a) => {
      planned.push(a);
      return plans.length > 1 ? plans.shift()! : plans[0]!;
    },
  };
  return {
    core,
    planned,
    get previews() {
      return previews;
    },
    catalogueIds,
    cachedModelIds: async () => o.cached ?? [],
    resolveModel: async (name) => {
      const config = catalogueConfig(name);
      if (!config) return { ok: false, message: `"${name}" is not on the Hub (404)` };
      return { ok: true, value: { name, tree: treeFor(config, { transformers: 5 }).tree, origin: 'catalogue' } };
    },
    detectCards: async () =>
      o.detected
        ? {
            ok: true,
            value: {
              gpus: Array.from({ length: o.detected }, () => ({ name: 'H100', memory: 80 * GIB })),
              source: 'detected by nvidia-smi',
            },
          }
        : { ok: false, message: 'no GPU was detected (nvidia-smi: not found)' },
    parseCards: parseGpusFlag,
    workspaceFolder: () => o.workspace ?? '/ws',
  };
}
