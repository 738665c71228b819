/**
 * The layout panel's engine work off the extension host (issue 18: no synchronous analysis may
 * hold it for more than 50 ms). The panel reads the finder's facts the way completion and hover
 * do (`AnswerFacts`: the worker's latest facts of exactly this text, else the analysis of it under
 * way, else a facts request), and its findings from a worker analysis in a lane of its own, so it
 * never supersedes the diagnostics' analysis of the same file. A preview's findings are a worker
 * analysis of the document as it would read with the previewed map written in. The session
 * (core/view/session.ts) draws with what comes back. Without a worker (none, or it crashed) the
 * session analyses here, as before. A newer draw of the same kind supersedes an older one: the
 * older answers nothing, so a stale snapshot never follows a newer one. No `vscode` here (tested in Node).
 */
import {
  type PanelAnalysis,
  type PanelAnalysisNeed,
  type PanelDeps,
  type PanelDraw,
  type PanelSession,
  PLAIN_MODEL_HINTS,
  type SourceDocument,
} from '../../core/index';
import type { AnswerFacts } from '../finder/answerFacts';
import type { FactsFinder } from '../finder/offThread';
import { goesOffHost } from '../finder/route';
import type { WireEnv } from '../finder/wireEnv';

/** The two kinds of drawing: the panel's snapshot, and a strategy's ghost (a preview). */
export type DrawLane = 'panel' | 'panel-preview';

export interface PanelWorker {
  /** The analysis worker; undefined in a build without one. */
  readonly worker: FactsFinder | undefined;
  /** The editor's facts for answers (the same instance, so the diagnostics' latest facts are reused). */
  readonly facts: AnswerFacts;
  /** `vscode.env.language`: the worker words the findings as the host does. */
  readonly locale?: string;
}

export class PanelDraws {
  /** The newest draw per lane: an older one that comes back later is dropped. */
  private readonly newest = new Map<DrawLane, number>();
  private next = 1;

  constructor(
    private readonly session: PanelSession,
    private readonly deps: Pick<PanelDeps, 'lookupModel'>,
    private readonly off: PanelWorker,
  ) {}

  /** Runs `answer` (mapAt, default options, an intent) with the facts of `doc` at hand; undefined when dropped. */
  async withFacts<R>(doc: SourceDocument, answer: () => R): Promise<R | undefined> {
    const run = await this.off.facts.ready(doc);
    return run ? run(answer) : undefined;
  }

  /**
   * `make` starts a drawing (with the facts of `doc` at hand), the analysis it needs runs on the
   * worker, and the drawing is finished with its answer. Undefined: a newer draw of the lane
   * superseded this one (or a newer text of the file superseded its facts request).
   */
  async draw<T>(doc: SourceDocument, lane: DrawLane, make: () => PanelDraw<T>): Promise<T | undefined> {
    const id = this.next++;
    this.newest.set(lane, id);
    const current = () => this.newest.get(lane) === id;
    const drawing = await this.withFacts(doc, make);
    if (!drawing || !current()) return undefined;
    const analysis = drawing.need ? await this.analyse(drawing.need, lane) : undefined;
    if (analysis === 'superseded' || !current()) return undefined;
    return drawing.finish(analysis);
  }

  private async analyse(need: PanelAnalysisNeed, lane: DrawLane): Promise<PanelAnalysis | 'superseded' | undefined> {
    const { worker, locale } = this.off;
    if (worker && goesOffHost(need.doc.text, need.doc.fileName)) {
      // The panel's own environment (as analyseHere builds it): its machine, no rule settings, the plain model hints.
      const wire: WireEnv = { setup: need.setup, estimate: need.estimate, modelHints: PLAIN_MODEL_HINTS, ...(locale ? { locale } : {}) };
      const lookup = this.deps.lookupModel.bind(this.deps);
      const r = await worker.analyse(need.doc, wire, lookup, lane).catch(() => undefined);
      if (r === 'superseded') return r;
      if (r) return r;
    }
    // No worker (or it failed just now): the host analyses, as before.
    return this.session.analyseHere(need);
  }
}
