/** One-click setup (issue 17): the public surface. */
export * from './types';
export { planSetup, previewSetup } from './plan';
export { loraTargetsOf } from './loraTargets';
export { DEFAULT_LORA_RANK } from './request';
export { perCardLine } from './perCard';
