import type { AnalysisEnv, CodeAction, CodeLensInfo, CompletionItem, Finding, HoverResult, SourceDocument, Span } from '../core/index';
import { logError } from './log';

/** The busiest card of one map, for the status bar. */
export interface PeakCard {
  /** `cuda:1`, `cpu`... */
  readonly device: string;
  readonly bytes: number;
  /** Capacity of that card when the GPU setting knows it. */
  readonly capacity?: number;
  /** One line per device, for the tooltip. */
  readonly lines: readonly string[];
}

export interface LanguageService {
  findings(doc: SourceDocument, env: AnalysisEnv): readonly Finding[];
  completions(doc: SourceDocument, offset: number, env: AnalysisEnv): readonly CompletionItem[];
  hover(doc: SourceDocument, offset: number, env: AnalysisEnv): HoverResult | undefined;
  codeActions(doc: SourceDocument, span: Span, findings: readonly Finding[], env: AnalysisEnv): readonly CodeAction[];
  lenses(doc: SourceDocument, env: AnalysisEnv): readonly CodeLensInfo[];
  /** The peak card of the map under `offset`, else of the document's first map. */
  peakCard(doc: SourceDocument, offset: number, env: AnalysisEnv): PeakCard | undefined;
}

function guarded<A extends unknown[], R>(name: string, fallback: R, fn: (...a: A) => R): (...a: A) => R {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (err) {
      logError(name, err);
      return fallback;
    }
  };
}

/** Wraps every method of a raw service so none can throw. */
export function guardedService(raw: LanguageService): LanguageService {
  return {
    findings: guarded('analysis', [], raw.findings),
    completions: guarded('completion', [], raw.completions),
    hover: guarded('hover', undefined, raw.hover),
    codeActions: guarded('code actions', [], raw.codeActions),
    lenses: guarded('code lens', [], raw.lenses),
    peakCard: guarded('status bar', undefined, raw.peakCard),
  };
}
