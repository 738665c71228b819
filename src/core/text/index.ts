/** Device maps in source text: the finder and the minimal edits built on it. */
export * from './types';
export { findDeviceMaps, mayHoldDeviceMap } from './find';
export { parseDeviceString, parseDeviceIndex, deviceValueOf } from './deviceValue';
export * from './edits/index';
export { launchesIn, type Launch, type Launcher } from './shell/launch';
export * from './notebook/index';
export { LineIndex } from './lineIndex';
