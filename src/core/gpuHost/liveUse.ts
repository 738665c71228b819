/**
 * One card's live memory beside its estimate, for the layout panel and the status
 * bar: "estimate 21.3 GiB · in use 19.8 GiB by 2 processes", and a warning when
 * what the card already holds leaves too little for the estimate.
 */
import { deviceType, type ComputeApp, type HostGpu, type LiveSample } from './types';
import { displayName, usableBytes } from './hostSetup';

export interface LiveCard {
  readonly index: number;
  /** `cuda:0`, `npu:1`: the device the process addresses. */
  readonly label: string;
  readonly name: string;
  /** "estimate 21.3 GiB · in use 19.8 GiB by 2 processes". */
  readonly text: string;
  /** "python (pid 4242) 19.8 GiB", one per process. */
  readonly processes: readonly string[];
  /** Set when the estimate no longer fits beside what the card holds. */
  readonly warning?: string;
}

const gib = (b: number): string => `${(b / 2 ** 30).toFixed(1)} GiB`;

export function liveCard(gpu: HostGpu, apps: readonly ComputeApp[], estimate: number | undefined, type = 'cuda'): LiveCard {
  const used = gpu.memory_used ?? apps.reduce((n, a) => n + a.usedMemory, 0);
  const who = apps.length ? ` by ${apps.length} process${apps.length === 1 ? '' : 'es'}` : '';
  const text = `${estimate !== undefined ? `estimate ${gib(estimate)} · ` : ''}in use ${gib(used)}${who}`;
  const free = usableBytes(gpu) - used;
  const processes = apps.map((a) => `${a.name} (pid ${a.pid}) ${gib(a.usedMemory)}`);
  const label = `${type}:${gpu.index}`;
  const base = { index: gpu.index, label, name: displayName(gpu.name), text, processes };
  if (estimate === undefined || estimate <= free) return base;
  return {
    ...base,
    warning: `${label} already holds ${gib(used)}${who}: ${gib(Math.max(0, free))} is free, the estimate needs ${gib(estimate)}`,
  };
}

/** Every detected card of a sample beside its estimate (`estimateOf(index)`, undefined when the map puts nothing there). */
export function liveCards(sample: LiveSample, estimateOf: (index: number) => number | undefined): LiveCard[] {
  const type = deviceType(sample.detection.source);
  return sample.detection.gpus.map((g) => liveCard(g, sample.processes.get(g.index) ?? [], estimateOf(g.index), type));
}
