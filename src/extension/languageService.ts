/**
 * Binds the engine's analysis functions (src/core/analysis) to the
 * extension's LanguageService interface.
 */
import type { LanguageService } from './engine';
import { guardedService } from './engine';

export function createLanguageService(): LanguageService {
  // Wired to src/core/analysis/index.ts as its functions land.
  return guardedService({
    findings: () => [],
    completions: () => [],
    hover: () => undefined,
    codeActions: () => [],
    lenses: () => [],
    peakCard: () => undefined,
  });
}
