/** Device maps in source text: the finder and the minimal edits built on it. */
export * from './types';
export { findDeviceMaps, mayHoldDeviceMap } from './find';
export { parseDeviceString, parseDeviceIndex, deviceValueOf } from './deviceValue';
export * from './edits/index';
export { launchesIn, type Launch, type Launcher } from './shell/launch';
export { launchesInLaunchJson } from './shell/launchJson';
export { readAccelerateConfig, ACCELERATE_DEFAULT_CONFIG, type AccelerateConfig } from './shell/accelerateConfig';
export * from './notebook/index';
export { LineIndex } from './lineIndex';
export { languageOfFileName, type FileLanguage } from './languageOfFileName';
