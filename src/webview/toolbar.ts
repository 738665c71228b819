/**
 * The toolbar: strategy preview, GPU setup (compact when the cards are alike,
 * one entry per card when they differ: see gpuControls.ts), dtype, quantization, mode, sequence length, batch, training, follow cursor.
 * Native controls styled with theme variables; every change becomes one
 * message, and the host answers with a fresh snapshot.
 */
import { PANEL_STRATEGIES, type PanelStrategy } from '../protocol/messages';
import { DEFAULT_OPTIONS, type PanelGpu, type PanelOptions, type PanelSnapshot } from '../protocol/snapshot';
import { field, group, numberInput, selectOf } from './controls';
import { GpuControls } from './gpuControls';
import { t } from './text';

export interface ToolbarHandlers {
  preview(strategy: PanelStrategy): void;
  apply(): void;
  cancel(): void;
  gpus(gpus: PanelGpu[]): void;
  options(options: PanelOptions): void;
  follow(on: boolean): void;
}

export class Toolbar {
  readonly el: HTMLElement;
  private readonly strategy: HTMLSelectElement;
  private readonly gpuControls: GpuControls;
  private readonly dtype: HTMLSelectElement;
  private readonly quant: HTMLSelectElement;
  private readonly mode: HTMLSelectElement;
  private readonly seq: HTMLInputElement;
  private readonly batch: HTMLInputElement;
  private readonly training: HTMLSelectElement;
  private readonly followBox: HTMLInputElement;
  private readonly previewBtn: HTMLButtonElement;

  constructor(
    parent: HTMLElement,
    private readonly on: ToolbarHandlers,
  ) {
    this.el = document.createElement('div');
    this.el.className = 'toolbar';
    this.el.setAttribute('role', 'toolbar');
    this.el.setAttribute('aria-label', t('toolbarLabel'));
    parent.appendChild(this.el);

    const plan = group(this.el, t('strategyGroup'));
    this.strategy = field(
      plan,
      t('strategyField'),
      selectOf(PANEL_STRATEGIES.map((s) => [s, s === 'planned' ? t('strategyPlanned') : s])),
      'tb-strategy',
    );
    this.previewBtn = document.createElement('button');
    this.previewBtn.id = 'tb-preview';
    this.previewBtn.textContent = t('preview');
    this.previewBtn.addEventListener('click', () => this.on.preview(this.strategy.value as PanelStrategy));
    plan.appendChild(this.previewBtn);

    this.gpuControls = new GpuControls(group(this.el, t('gpuSetupGroup')), (gpus) => this.on.gpus(gpus));

    const load = group(this.el, t('workloadGroup'));
    this.dtype = field(
      load,
      t('dtypeField'),
      selectOf([
        ['auto', t('optionAuto')],
        ['bf16', 'bf16'],
        ['fp16', 'fp16'],
        ['fp32', 'fp32'],
      ]),
      'tb-dtype',
    );
    this.quant = field(
      load,
      t('quantField'),
      selectOf([
        ['auto', t('optionAuto')],
        ['none', t('optionNone')],
        ['bnb-4bit', t('option4bit')],
        ['bnb-8bit', t('option8bit')],
      ]),
      'tb-quant',
    );
    this.mode = field(
      load,
      t('modeField'),
      selectOf([
        ['load', t('modeLoad')],
        ['forward', t('modeForward')],
        ['generate', t('modeGenerate')],
        ['train-lora', t('modeTrainLora')],
        ['train-full', t('modeTrainFull')],
      ]),
      'tb-mode',
    );
    this.seq = field(load, t('seqField'), numberInput(1, 1 << 20, 1), 'tb-seq');
    this.batch = field(load, t('batchField'), numberInput(1, 4096, 1), 'tb-batch');
    this.training = field(
      load,
      t('trainingField'),
      selectOf([
        ['auto', t('optionAuto')],
        ['on', t('optionOn')],
        ['off', t('optionOff')],
      ]),
      'tb-training',
    );
    for (const el of [this.dtype, this.quant, this.mode, this.seq, this.batch, this.training])
      el.addEventListener('change', () => this.on.options(this.readOptions()));

    const view = group(this.el, t('viewGroup'));
    this.followBox = document.createElement('input');
    this.followBox.type = 'checkbox';
    const follow = field(view, t('followCursor'), this.followBox, 'tb-follow');
    follow.addEventListener('change', () => this.on.follow(this.followBox.checked));
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
    this.gpuControls.show(s.gpus);
  }
}
