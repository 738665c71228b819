/** What a family file provides: the model types it builds and how. */
import type { HFConfig } from './config';
import type { ModuleNode, TransformersMajor } from './tree';

export interface FamilyBuild {
  readonly root: ModuleNode;
  readonly className: string;
  readonly noSplitModules: readonly string[];
  readonly tiedWeights: Readonly<Record<string, string>>;
}

export interface ModelFamily {
  /** `model_type` values this family builds (`["llama"]`). */
  readonly modelTypes: readonly string[];
  /** A short label for messages and docs ("Llama 2 / 3 / 3.1 / 3.2"). */
  readonly label: string;
  build(config: HFConfig, major: TransformersMajor): FamilyBuild;
}
