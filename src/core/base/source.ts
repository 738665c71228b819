/**
 * Where things are in a document: the document itself, spans of UTF-16
 * offsets, and how a map names its model. Leaf types: every layer of the
 * engine (models, text, analysis) and every face speaks them.
 */

/** A half-open span `[start, end)` of UTF-16 offsets into the document text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface SourceDocument {
  readonly text: string;
  /** `python`, `json`, `jsonc`. */
  readonly languageId: string;
  /** Path or URI string; used for JSON file-name rules and relative model paths. */
  readonly fileName: string;
}

/** How a map's model is named in the source (resolved later by the extension / CLI). */
export interface ModelRef {
  /** The id or path as written/evaluated: "meta-llama/Llama-2-7b-hf", "./ckpt". */
  readonly name: string;
  readonly span: Span;
  /** `revision=` when given. */
  readonly revision?: string;
  /** Class used to load (`AutoModelForCausalLM`, `LlamaForCausalLM`...). */
  readonly loaderClass?: string;
  /**
   * The name is the default of a command-line option (`args.model`): checks run
   * against it, and the user is told the run may load another model.
   */
  readonly fromDefault?: boolean;
}
