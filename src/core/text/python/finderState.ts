/**
 * What the finder gathers while it runs a Python file (maps, computed maps, problems, training
 * facts, the visible device count), changed only through effects, so that the effects of one
 * top-level statement can be recorded and replayed later (statementMemo.ts).
 */
import type { DocumentProblem, FoundDeviceMap } from '../types';
import { TrainingFacts } from './fileFacts';
import type { PyVal } from './values';

export type FinderEffect =
  | { readonly k: 'map'; readonly at: number; readonly map: FoundDeviceMap }
  | { readonly k: 'computed'; readonly at: number; readonly map: FoundDeviceMap }
  | { readonly k: 'consumed'; readonly at: number }
  | { readonly k: 'problem'; readonly problem: DocumentProblem }
  | { readonly k: 'observe'; readonly callee: string; readonly kwargs: ReadonlyMap<string, PyVal> | undefined }
  | { readonly k: 'visible'; readonly n: number | undefined };

const NO_KWARGS: ReadonlyMap<string, PyVal> = new Map();

export class FinderState {
  readonly maps = new Map<number, FoundDeviceMap>();
  /** `infer_auto_device_map(...)` results; those handed on to a loader are `consumed` (reported there instead). */
  readonly computed = new Map<number, FoundDeviceMap>();
  readonly consumed = new Set<number>();
  readonly problems: DocumentProblem[] = [];
  readonly training = new TrainingFacts();
  visibleDevices: number | undefined;
  /** While a statement is recorded: every effect it has, in order. */
  journal: FinderEffect[] | undefined;

  /** A call seen by the training facts; the keyword arguments, when they were asked for, are kept for a replay. */
  observe(callee: string | undefined, kwargs: () => ReadonlyMap<string, PyVal>): void {
    if (!callee) return;
    let asked: ReadonlyMap<string, PyVal> | undefined;
    this.training.observe(callee, () => (asked = kwargs()));
    this.journal?.push({ k: 'observe', callee, kwargs: asked });
  }

  apply(e: FinderEffect): void {
    this.journal?.push(e);
    switch (e.k) {
      case 'map':
        this.maps.set(e.at, e.map);
        return;
      case 'computed':
        this.computed.set(e.at, e.map);
        return;
      case 'consumed':
        this.consumed.add(e.at);
        return;
      case 'problem':
        this.problems.push(e.problem);
        return;
      case 'visible':
        this.visibleDevices = e.n;
        return;
      case 'observe':
        this.training.observe(e.callee, () => e.kwargs ?? NO_KWARGS);
        return;
    }
  }
}
