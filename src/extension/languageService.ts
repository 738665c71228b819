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
    // Arrow functions, not the engine's functions themselves: the desktop build loads the engine on first call.
    completions: (doc, offset, env) => completeAt(doc, offset, env),
    hover: (doc, offset, env) => hoverAt(doc, offset, env),
    codeActions: (doc, span, findings, env) => codeActionsFor(doc, span, findings, env),
    lenses: (doc, env) => codeLenses(doc, env),
    // The busiest card over the step the settings ask for: the same estimate DM011, the CodeLens and the panel show.
    peakCard: (doc, offset, env) => statusPeak(doc, offset, env),
  });
}
