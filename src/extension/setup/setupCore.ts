/**
 * The flow's SetupCore bound to the core's generator (`previewSetup`,
 * `planSetup` in src/core/setup): the flow's answers become a `SetupRequest`,
 * and what comes back (per-card lines, limits, alternatives, files) is passed
 * on as the core worded it. Only the words of the picks live here.
 */
import {
  perCardLine,
  planSetup,
  previewSetup,
  type MachineSetup,
  type SetupAlternative,
  type SetupFormat,
  type SetupPlan,
  type SetupRequest,
  type SetupStrategy,
  type SetupTask,
} from '../../core/index';
import { setupModelId } from '../../node/setup/modelId';
import type {
  Alternative,
  ChosenProcesses,
  CompleteAnswers,
  FormatChoice,
  PlannedFile,
  PlanOptions,
  SetupAnswers,
  SetupCore,
} from './answers';
import { l10n } from './setupL10n';

const tasks = (): ReturnType<SetupCore['tasks']> => [
  { task: 'inference', label: l10n.t('Inference'), detail: l10n.t('load the model and generate') },
  {
    task: 'lora',
    label: 'LoRA',
    detail: l10n.t('train low-rank adapters on the projections; the weights stay frozen in bf16'),
  },
  {
    task: 'qlora',
    label: l10n.t('QLoRA (4-bit)'),
    detail: l10n.t('LoRA on 4-bit NF4 weights (bitsandbytes): the least memory for training'),
  },
  {
    task: 'full',
    label: l10n.t('Full fine-tuning'),
    detail: l10n.t('train every weight: gradients and two AdamW states beside each weight (about 4× the weights)'),
  },
];

const strategyLabels = (): Readonly<Record<SetupStrategy, string>> => ({
  studio: l10n.t("Device Map Studio's planner"),
  auto: 'device_map="auto"',
  balanced: 'device_map="balanced"',
  balanced_low_0: 'device_map="balanced_low_0"',
  sequential: 'device_map="sequential"',
});

const formats = (): readonly (FormatChoice & { readonly format: SetupFormat })[] => [
  {
    format: 'python',
    label: l10n.t('Python script'),
    detail: l10n.t('from_pretrained with the map, max_memory, the LoRA / 4-bit config and a Trainer skeleton'),
  },
  {
    format: 'json',
    label: l10n.t('JSON map file'),
    detail: l10n.t('device_map.json, the map alone (one per process when model parallel inside each)'),
  },
  {
    format: 'swift',
    label: l10n.t('ms-swift shell script'),
    detail: l10n.t('swift sft / infer with --device_map and --device_max_memory (and the Python script)'),
  },
  {
    format: 'torchrun',
    label: l10n.t('torchrun launch script'),
    detail: l10n.t('torchrun --nproc_per_node with per-rank maps where needed (and the Python script)'),
  },
  {
    format: 'accelerate',
    label: l10n.t('accelerate launch script'),
    detail: l10n.t('accelerate launch --num_processes (and the Python script)'),
  },
];

type Machine = Partial<Pick<MachineSetup, 'contextBytes' | 'trainingReserve' | 'cpuMemory'>>;

/** Several processes each on one card: data parallel; several cards each: model parallel inside (hybrid). */
function processesOf(p: ChosenProcesses | undefined): Pick<SetupRequest, 'processes' | 'layout'> {
  if (!p || p.processes <= 1) return { processes: 1 };
  return { processes: p.processes, layout: p.cardsPerProcess > 1 ? 'hybrid' : 'data-parallel' };
}

/** The request the CLI's `device-map init` builds from the same answers. */
export function setupRequest(
  a: Required<Pick<SetupAnswers, 'model' | 'cards' | 'task'>> & SetupAnswers,
  machine: Machine,
  options: PlanOptions = {},
): SetupRequest {
  return {
    // A local folder is written relative to the files, as `device-map init` writes it.
    model: { id: a.output ? setupModelId(a.model.name, a.model.base ?? a.output.dir, a.output.dir) : a.model.name, tree: a.model.tree },
    cards: a.cards.gpus,
    task: a.task,
    ...(a.strategy ? { strategy: a.strategy } : {}),
    ...processesOf(a.processes),
    ...(a.output ? { formats: [a.output.format as SetupFormat] } : {}),
    ...(options.cpuOffload !== undefined ? { cpuOffload: options.cpuOffload } : {}),
    machine,
  };
}

/** The core's change, in the flow's answers. */
function alternative(alt: SetupAlternative, a: CompleteAnswers): Alternative {
  const c = alt.change;
  const cards = c.cards ? { gpus: c.cards, source: alt.what } : a.cards;
  const processes = c.processes ?? a.processes.processes;
  const layout = c.layout ?? (a.processes.processes > 1 && a.processes.cardsPerProcess > 1 ? 'hybrid' : 'data-parallel');
  const moved = c.processes !== undefined || c.layout !== undefined || c.cards !== undefined;
  return {
    label: alt.what,
    detail: perCardLine(alt.perCard),
    change: {
      ...(c.task ? { task: c.task as SetupTask } : {}),
      ...(c.strategy ? { strategy: c.strategy } : {}),
      ...(c.cards ? { cards } : {}),
      ...(moved
        ? {
            processes: {
              processes,
              cardsPerProcess: processes <= 1 ? cards.gpus.length : layout === 'hybrid' ? cards.gpus.length / processes : 1,
            },
          }
        : {}),
      ...(c.cpuOffload !== undefined ? { cpuOffload: c.cpuOffload } : {}),
    },
  };
}

/** The file the layout panel opens: the script with the map, else the first JSON map. */
function files(plan: SetupPlan): PlannedFile[] {
  const layout = plan.files.find((f) => f.languageId === 'python') ?? plan.files.find((f) => f.languageId === 'json');
  return plan.files.map((f) => ({ path: f.relativePath, content: f.content, ...(f === layout ? { showLayout: true } : {}) }));
}

export function studioSetupCore(machine: () => Machine): SetupCore {
  return {
    tasks,
    preview: (a) =>
      previewSetup(setupRequest(a, machine())).map((p) => ({
        strategy: p.strategy,
        label: strategyLabels()[p.strategy],
        cards: p.summary,
        fits: p.fits,
        ...(p.fits || p.offloaded.length === 0 ? {} : { problem: l10n.t('{0} module(s) would go to the CPU', p.offloaded.length) }),
      })),
    // A data-parallel run loads `{"": local_rank}`: the core writes no JSON map for it (files/json.ts).
    formats: ({ processes }) =>
      formats().filter((f) => (f.format === 'json' ? !(processes.processes > 1 && processes.cardsPerProcess === 1) : true)),
    plan(a, options) {
      const plan = planSetup(setupRequest(a, machine(), options), options.force ? { force: true } : {});
      if (plan.fits || (options.force && plan.files.length > 0)) {
        const cards = plan.perCard.length ? perCardLine(plan.perCard) : l10n.t('not estimated');
        const summary = plan.notes.length ? l10n.t('{0}. {1}.', cards, plan.notes.join('; ')) : l10n.t('{0}.', cards);
        return { fits: true, files: files(plan), summary };
      }
      return {
        fits: false,
        message: plan.limits?.message ?? l10n.t('The setup does not fit the cards.'),
        alternatives: plan.alternatives.map((alt) => alternative(alt, a)),
        canForce: plan.limits?.reason === 'not-estimated',
      };
    },
  };
}
