/**
 * Models from the built-in catalogue only (config values of ~60 popular
 * checkpoints): no files, no network. The web build's model source, and the
 * Node build's fallback when the resolver is not available.
 */
import * as vscode from 'vscode';
import { catalogueConfig, type ModelLookup, type ModelRef, treeFor } from '../core/index';
import type { ModelSource } from './modelSource';

export class CatalogueModelSource implements ModelSource {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidResolve = this.emitter.event;
  private readonly cache = new Map<string, ModelLookup>();

  /** `why` finishes the sentence for names the catalogue lacks ("...; <why>"). */
  constructor(
    private readonly major: () => 4 | 5,
    private readonly why: string,
  ) {}

  lookup(ref: ModelRef | undefined): ModelLookup {
    if (!ref) return { status: 'error', message: `no model is named next to this map; ${this.why}` };
    const major = this.major();
    // The loader class decides the tree (AutoModel: the base model, no `model.` prefix).
    const key = `${major}:${ref.loaderClass ?? ''}:${ref.name}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.build(ref.name, major, ref.loaderClass);
      this.cache.set(key, hit);
    }
    return hit;
  }

  private build(name: string, major: 4 | 5, loaderClass: string | undefined): ModelLookup {
    const config = catalogueConfig(name);
    if (!config) return { status: 'error', message: `"${name}" is not in the built-in catalogue; ${this.why}` };
    try {
      const { tree } = treeFor(config, { transformers: major, ...(loaderClass ? { loaderClass } : {}) });
      return { status: 'ok', tree, origin: 'catalogue' };
    } catch (err) {
      return { status: 'error', message: err instanceof Error ? err.message : String(err) };
    }
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
