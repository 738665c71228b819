/**
 * The language service, pure and synchronous: the extension and the CLI call
 * exactly these. Offsets are UTF-16; findings, edits and spans are plain data.
 */
export * from './api';
export { analyzeDocument, factsOf, primeFacts } from './analyze';
export { analyzeFacts } from './analyzeFacts';
export { CODES, type Code, type CodeInfo } from './codes';
export { perCardSummary, estimateSummary, perCardTable, cardLine, type CardSummary, type PerCardSummary, type SummaryOptions } from './perCard';
export { defaultEstimateMode, estimateModeOf, estimateOptionsFor, mapEstimate, describeMode, DEFAULT_ESTIMATE_SETTINGS, type EstimateSettings, type EstimateSetting, type ModeFacts } from './estimateChoice';
export { completeAt } from './completion';
export { hoverAt } from './hover';
export { codeLenses, OPEN_LAYOUT_COMMAND } from './codeLens';
export { statusPeak, type StatusPeak } from './statusPeak';
export { codeActionsFor } from './codeActions';
export { dm016, explainModelProblem, PLAIN_MODEL_HINTS, type Dm016, type ModelHints } from './modelProblem';
export { planWithPolicy, plannerOverhead, type PlanRequest } from './plannerPolicy';
export { applySuppressions, findSuppressions, UNUSED_SUPPRESSION, type Suppression } from './suppression';
export { applyRuleSeverities } from './ruleSeverities';
export { mayHoldMap } from './mayHoldMap';
export { DUPLICATE_KEY, PARSE_PROBLEM } from './problems';
