/** Messages between the extension host and the finder worker (plain data: structured-clone safe). */
import type { DocumentFacts, SourceDocument } from '../../core/index';

export interface FinderRequest {
  readonly id: number;
  readonly doc: SourceDocument;
}

export type FinderReply = { readonly id: number; readonly facts: DocumentFacts } | { readonly id: number; readonly error: string };
