/** The engine's public surface, for the faces (extension, webview, CLI). */
export * from './models/tree';
export * from './models/config';
export * from './models/registry';
export * from './memory/dtypes';
export * from './memory/quantization';
export * from './memory/moduleSizes';
export * from './placement/devices';
export * from './placement/sizeString';
export * from './placement/maxMemory';
export * from './placement/balancedMemory';
export * from './placement/cleanDeviceMap';
export * from './placement/inferAutoDeviceMap';
export * from './placement/strategy';
