/** Node-side model resolution, shared by the CLI and the extension host. */
export { resolveModel, defaultMetadataCacheDir, hubEndpoint, type ResolveContext } from './resolveModel';
export { NodeHubSource, DEFAULT_ENDPOINT, DEFAULT_TIMEOUT_MS, type NodeHubOptions } from './nodeHubSource';
export { HubDiskCache } from './hubDiskCache';
export { findHfToken } from './token';
export { nodeFs } from './nodeFs';
export type { ModelResolution, ModelOrigin } from '../../core/index';
export { loadModelForCli, ModelNotResolvedError, type CliModelOptions } from './cliModel';
export { ResolutionCache, type CachedLookup, type ResolutionCacheOptions } from './resolutionCache';
export { listCachedModels } from './cachedModels';
