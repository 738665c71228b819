/** Reading what a GPU host reports (pure); running the tools is src/node/gpuHost. */
export * from './types';
export * from './nvidiaSmi';
export * from './rocmSmi';
export * from './npuSmi';
export * from './xpuSmi';
export * from './visibleDevices';
export * from './hostSetup';
export * from './liveUse';
