/** The panel's pure view logic: the snapshot it draws, the host session, the GPU setting entries. */
export * from './snapshot';
export { buildSnapshot, type SnapshotInput, type SnapshotMeta } from './viewModel';
export { forwardBlocks } from './blocks';
export * from './deps';
export * from './session';
export * from './gpuSettingEntries';
