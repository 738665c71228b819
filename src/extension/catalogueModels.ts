/**
 * Models from the built-in catalogue only (config values of ~60 popular
 * checkpoints): no files, no network. The web build's model source, and the
 * Node build's fallback when the resolver is not available.
 */
import * as vscode from 'vscode';
import type { ModelLookup } from '../core/analysis/api';
import { CATALOGUE } from '../core/models/catalogue/index';
import { modelFromConfig } from '../core/models/registry';
import type { ModelRef } from '../core/text/types';
import type { ModelSource } from './modelSource';

export class CatalogueModelSource implements ModelSource {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidResolve = this.emitter.event;
  private readonly cache = new Map<string, ModelLookup>();

  /** `why` finishes the sentence for names the catalogue lacks ("...; <why>"). */
  constructor(private readonly major: () => 4 | 5, private readonly why: string) {}

  lookup(ref: ModelRef | undefined): ModelLookup {
    if (!ref) return { status: 'error', message: `no model is named next to this map; ${this.why}` };
    const major = this.major();
    const key = `${major}:${ref.name}`;
    let hit = this.cache.get(key);
    if (!hit) {
      hit = this.build(ref.name, major);
      this.cache.set(key, hit);
    }
    return hit;
  }

  private build(name: string, major: 4 | 5): ModelLookup {
    const config = CATALOGUE[name];
    if (!config) return { status: 'error', message: `"${name}" is not in the built-in catalogue; ${this.why}` };
    try {
      return { status: 'ok', tree: modelFromConfig(config, { transformers: major }), origin: 'catalogue' };
    } catch (err) {
      return { status: 'error', message: err instanceof Error ? err.message : String(err) };
    }
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
