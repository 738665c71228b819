/**
 * Binds the engine's analysis functions (src/core/analysis) to the
 * extension's LanguageService interface. The only file that knows their names.
 */
import { analyzeDocument, codeActionsFor, codeLenses, completeAt, hoverAt, statusPeak } from '../core/index';
import type { LanguageService } from './engine';
import { guardedService } from './engine';

export function createLanguageService(): LanguageService {
  return guardedService({
    findings: (doc, env) => analyzeDocument(doc, env).findings,
    completions: completeAt,
    hover: hoverAt,
    codeActions: codeActionsFor,
    lenses: codeLenses,
    // The busiest card over the step the settings ask for: the same estimate DM011, the CodeLens and the panel show.
    peakCard: statusPeak,
  });
}
