/** Model resolution (pure part): where a model's structure comes from, and DM016 when it cannot be found. */
export * from './problems';
export * from './fs';
export * from './hfCache';
export * from './hubId';
export * from './hubSource';
export * from './checkpointFolder';
export * from './resolver';
export * from '../safetensors/header';
export * from '../safetensors/dtypes';
export * from '../safetensors/treeFromHeaders';
export * from '../catalogue/index';
