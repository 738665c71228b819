// Types for layers.mjs (plain ESM so esbuild.mjs can run it without a TypeScript loader).
export declare const CORE_ORDER: readonly string[];
export declare const FACES: Readonly<Record<string, readonly string[]>>;
export declare function importsOf(path: string, text: string): Array<{ spec: string; typeOnly: boolean; line: number }>;
export declare function coreLayerOf(path: string): string | undefined;
export declare function checkLayers(sources: ReadonlyMap<string, string>): string[];
export declare function readSources(root: string, dir?: string): Map<string, string>;
