/**
 * The toolbar: strategy preview, GPU setup (count, memory per card, presets),
 * dtype, quantization, mode, sequence length, batch, training, follow cursor.
 * Native controls styled with theme variables; every change becomes one
 * message, and the host answers with a fresh snapshot.
 */
import { GIB, GPU_PRESETS } from '../core/settings';
import { PANEL_STRATEGIES, type PanelStrategy } from '../protocol/messages';
import { DEFAULT_OPTIONS, type PanelGpu, type PanelOptions, type PanelSnapshot } from '../protocol/snapshot';

export interface ToolbarHandlers {
  preview(strategy: PanelStrategy): void;
  apply(): void;
  cancel(): void;
  gpus(gpus: PanelGpu[]): void;
  options(options: PanelOptions): void;
  follow(on: boolean): void;
}

type Field = HTMLSelectElement | HTMLInputElement;

function field<T extends Field>(parent: HTMLElement, label: string, el: T, id: string): T {
  const wrap = document.createElement('label');
  wrap.className = 'field';
  wrap.htmlFor = id;
  wrap.textContent = label;
  el.id = id;
  parent.append(wrap, el);
  return el;
}

function selectOf(values: ReadonlyArray<[string, string]>): HTMLSelectElement {
  const s = document.createElement('select');
  for (const [value, text] of values) s.add(new Option(text, value));
  return s;
}

function numberInput(min: number, max: number, step: number): HTMLInputElement {
  const i = document.createElement('input');
  i.type = 'number';
  i.min = String(min);
  i.max = String(max);
  i.step = String(step);
  return i;
}

function group(parent: HTMLElement, name: string): HTMLElement {
  const g = document.createElement('div');
  g.className = 'tool-group';
  g.setAttribute('role', 'group');
  g.setAttribute('aria-label', name);
  parent.appendChild(g);
  return g;
}

export class Toolbar {
  readonly el: HTMLElement;
  private readonly strategy: HTMLSelectElement;
  private readonly gpuCount: HTMLInputElement;
  private readonly gpuMem: HTMLInputElement;
  private readonly gpuPreset: HTMLSelectElement;
  private readonly dtype: HTMLSelectElement;
  private readonly quant: HTMLSelectElement;
  private readonly mode: HTMLSelectElement;
  private readonly seq: HTMLInputElement;
  private readonly batch: HTMLInputElement;
  private readonly training: HTMLSelectElement;
  private readonly followBox: HTMLInputElement;
  private readonly previewBtn: HTMLButtonElement;

  constructor(parent: HTMLElement, private readonly on: ToolbarHandlers) {
    this.el = document.createElement('div');
    this.el.className = 'toolbar';
    this.el.setAttribute('role', 'toolbar');
    this.el.setAttribute('aria-label', 'Layout options');
    parent.appendChild(this.el);

    const plan = group(this.el, 'Strategy');
    this.strategy = field(plan, 'Strategy', selectOf(PANEL_STRATEGIES.map((s) => [s, s === 'planned' ? 'planned (fewest moves)' : s])), 'tb-strategy');
    this.previewBtn = document.createElement('button');
    this.previewBtn.id = 'tb-preview';
    this.previewBtn.textContent = 'Preview';
    this.previewBtn.addEventListener('click', () => this.on.preview(this.strategy.value as PanelStrategy));
    plan.appendChild(this.previewBtn);

    const gpus = group(this.el, 'GPU setup');
    this.gpuCount = field(gpus, 'GPUs', numberInput(1, 64, 1), 'tb-gpu-count');
    this.gpuMem = field(gpus, 'GiB each', numberInput(1, 1024, 1), 'tb-gpu-mem');
    this.gpuPreset = field(gpus, 'Preset', selectOf([['', 'custom'], ...GPU_PRESETS.map((p) => [p.id, p.name] as [string, string])]), 'tb-gpu-preset');
    const sendGpus = (): void => this.on.gpus(this.readGpus());
    this.gpuCount.addEventListener('change', sendGpus);
    this.gpuMem.addEventListener('change', () => {
      this.gpuPreset.value = '';
      sendGpus();
    });
    this.gpuPreset.addEventListener('change', () => {
      const p = GPU_PRESETS.find((x) => x.id === this.gpuPreset.value);
      if (p) this.gpuMem.value = String(+(p.memory / GIB).toFixed(2));
      sendGpus();
    });

    const load = group(this.el, 'Workload');
    this.dtype = field(load, 'dtype', selectOf([['auto', 'auto'], ['bf16', 'bf16'], ['fp16', 'fp16'], ['fp32', 'fp32']]), 'tb-dtype');
    this.quant = field(load, 'Quant', selectOf([['auto', 'auto'], ['none', 'none'], ['bnb-4bit', '4-bit'], ['bnb-8bit', '8-bit']]), 'tb-quant');
    this.mode = field(load, 'Mode', selectOf([['load', 'load'], ['forward', 'forward'], ['generate', 'generate'], ['train-lora', 'train LoRA']]), 'tb-mode');
    this.seq = field(load, 'Seq', numberInput(1, 1 << 20, 1), 'tb-seq');
    this.batch = field(load, 'Batch', numberInput(1, 4096, 1), 'tb-batch');
    this.training = field(load, 'Training', selectOf([['auto', 'auto'], ['on', 'on'], ['off', 'off']]), 'tb-training');
    for (const el of [this.dtype, this.quant, this.mode, this.seq, this.batch, this.training]) el.addEventListener('change', () => this.on.options(this.readOptions()));

    const view = group(this.el, 'View');
    this.followBox = document.createElement('input');
    this.followBox.type = 'checkbox';
    const follow = field(view, 'Follow cursor', this.followBox, 'tb-follow');
    follow.addEventListener('change', () => this.on.follow(this.followBox.checked));
  }

  private readGpus(): PanelGpu[] {
    const n = Math.max(1, Math.min(64, Math.round(Number(this.gpuCount.value) || 1)));
    const gib = Math.max(0.5, Number(this.gpuMem.value) || 24);
    const preset = GPU_PRESETS.find((p) => p.id === this.gpuPreset.value);
    const gpu: PanelGpu = preset ? { name: preset.name, memory: preset.memory } : { name: `${gib} GiB`, memory: Math.round(gib * GIB) };
    return Array.from({ length: n }, () => ({ ...gpu }));
  }

  private readOptions(): PanelOptions {
    const int = (el: HTMLInputElement, dflt: number): number => Math.max(1, Math.round(Number(el.value) || dflt));
    return {
      dtype: this.dtype.value as PanelOptions['dtype'],
      quantization: this.quant.value as PanelOptions['quantization'],
      mode: this.mode.value as PanelOptions['mode'],
      seq: int(this.seq, DEFAULT_OPTIONS.seq),
      batch: int(this.batch, DEFAULT_OPTIONS.batch),
      training: this.training.value as PanelOptions['training'],
    };
  }

  /** Shows what the snapshot was computed with (the host is the source of truth). */
  update(s: PanelSnapshot | undefined, follow: boolean, previewing: boolean): void {
    this.followBox.checked = follow;
    this.previewBtn.disabled = !s || previewing;
    if (!s) return;
    const o = s.options;
    this.dtype.value = o.dtype;
    this.quant.value = o.quantization;
    this.mode.value = o.mode;
    this.seq.value = String(o.seq);
    this.batch.value = String(o.batch);
    this.training.value = o.training;
    this.gpuCount.value = String(s.gpus.length || 1);
    const first = s.gpus[0];
    if (first) {
      this.gpuMem.value = String(+(first.memory / GIB).toFixed(2));
      this.gpuPreset.value = GPU_PRESETS.find((p) => p.name === first.name && p.memory === first.memory)?.id ?? '';
    }
  }
}
