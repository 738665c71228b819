/**
 * The language service, pure and synchronous: the extension and the CLI call
 * exactly these. Offsets are UTF-16; findings, edits and spans are plain data.
 */
export * from './api';
export { analyzeDocument, factsOf, primeFacts } from './analyze';
export { analyzeFacts } from './analyzeFacts';
export { CODES, TAGS, type Code, type CodeInfo } from './codes';
export { codeDescription, docsPath, REPOSITORY_URL } from './docsLink';
export { RULES, RULE_BY_CODE, englishCatalogue, isDmCode, type RuleUnit, type RuleDocs } from './rules/index';
export {
  fill,
  placeholdersOf,
  watchFills,
  setLocaleCatalogue,
  catalogueMismatches,
  missingTranslations,
  voice,
  type Voice,
  type Messages,
  type Catalogue,
  type FillMismatch,
} from './messages';
export {
  perCardSummary,
  estimateSummary,
  perCardTable,
  cardLine,
  type CardSummary,
  type PerCardSummary,
  type SummaryOptions,
} from './perCard';
export {
  defaultEstimateMode,
  estimateModeOf,
  estimateOptionsFor,
  mapEstimate,
  describeMode,
  DEFAULT_ESTIMATE_SETTINGS,
  type EstimateSettings,
  type EstimateSetting,
  type ModeFacts,
} from './estimateChoice';
export { completeAt } from './completion';
export { hoverAt } from './hover';
export { codeLenses, OPEN_LAYOUT_COMMAND } from './codeLens';
export { statusPeak, type StatusPeak } from './statusPeak';
export { codeActionsFor, findingTouches } from './codeActions';
export {
  analyzeNotebook,
  cellFindings,
  findingInCell,
  notebookCodeActions,
  notebookCompletions,
  notebookHover,
  notebookLenses,
  notebookSource,
  type CellCodeAction,
  type CellCodeLens,
  type CellCompletion,
  type CellFinding,
  type CellHover,
} from './notebook';
export { dm016, explainModelProblem, PLAIN_MODEL_HINTS, type Dm016, type ModelHints } from './modelProblem';
export { planWithPolicy, plannerOverhead, type PlanRequest } from './plannerPolicy';
export { applySuppressions, findSuppressions, UNUSED_SUPPRESSION, type Suppression } from './suppression';
export { applyRuleSeverities } from './ruleSeverities';
export { mayHoldMap } from './mayHoldMap';
export { DUPLICATE_KEY } from './rules/duplicateKey';
export { PARSE_PROBLEM } from './rules/parseProblem';
