/**
 * What a loader class asks transformers to build. The class decides the module
 * tree, and so every device-map key: `AutoModel` builds the bare base model
 * (`layers.N`, no `model.` prefix, no `lm_head`), `...ForSequenceClassification`
 * swaps `lm_head` for a `score` head, `T5EncoderModel` keeps only the encoder.
 * This file only reads the class name; `loaderClass.ts` reshapes the tree.
 */

export type LoaderTask =
  /** `AutoModel`, `LlamaModel`, `T5Model`: the base model without a head. */
  | 'base'
  /** `AutoModelForCausalLM`, `LlamaForCausalLM`, `GPT2LMHeadModel`. */
  | 'causal-lm'
  /** `AutoModelForSeq2SeqLM`, `T5ForConditionalGeneration`. */
  | 'seq2seq-lm'
  | 'seq-cls'
  | 'token-cls'
  /** `T5EncoderModel`, `AutoModelForTextEncoding`. */
  | 'encoder';

export interface LoaderIntent {
  readonly task: LoaderTask;
  /** The architecture a concrete class names (`Llama` of `LlamaForCausalLM`); undefined for `Auto*` classes. */
  readonly architecture?: string;
}

/** `...For<Suffix>` -> task, for both `AutoModelFor<Suffix>` and `<Arch>For<Suffix>`. */
const SUFFIX_TASKS: Readonly<Record<string, LoaderTask>> = {
  CausalLM: 'causal-lm',
  Seq2SeqLM: 'seq2seq-lm',
  ConditionalGeneration: 'seq2seq-lm',
  SequenceClassification: 'seq-cls',
  TokenClassification: 'token-cls',
  TextEncoding: 'encoder',
};

/**
 * Callees the finder reports that say nothing about the head: a pipeline, a
 * dispatch of a model built elsewhere, a PEFT wrapper around a base loaded by
 * another call. They keep the default tree without a note.
 */
const NEUTRAL = new Set(['pipeline', 'load_checkpoint_and_dispatch', 'dispatch_model', 'PeftModel', 'from_pretrained', 'from_config']);

export function isNeutralLoader(loaderClass: string): boolean {
  return NEUTRAL.has(loaderClass) || /^PeftModelFor\w+$/.test(loaderClass);
}

/**
 * The task a loader class names, or undefined when the name is not one we know
 * (then the caller keeps the default tree and says so). peft's `AutoPeftModelFor<X>`
 * loads `AutoModelFor<X>` underneath, and `AutoPeftModel` the base model.
 */
/** Loaders from other libraries that build a causal LM through transformers and forward `device_map`. */
const CAUSAL_LM_WRAPPERS = new Set(['AutoGPTQForCausalLM', 'GPTQModel', 'FastLanguageModel']);

export function loaderIntent(loaderClass: string): LoaderIntent | undefined {
  if (CAUSAL_LM_WRAPPERS.has(loaderClass.trim())) return { task: 'causal-lm' };
  const cls = loaderClass.trim().replace(/^AutoPeftModel/, 'AutoModel');
  if (cls === 'AutoModel') return { task: 'base' };
  const auto = /^AutoModelFor(\w+)$/.exec(cls);
  if (auto) {
    const task = SUFFIX_TASKS[auto[1]!];
    return task ? { task } : undefined;
  }
  const concrete = /^([A-Z]\w*?)For(\w+)$/.exec(cls);
  if (concrete) {
    const task = SUFFIX_TASKS[concrete[2]!];
    return task ? { task, architecture: concrete[1]! } : undefined;
  }
  const lmHead = /^([A-Z]\w*?)LMHeadModel$/.exec(cls);
  if (lmHead) return { task: 'causal-lm', architecture: lmHead[1]! };
  const encoder = /^([A-Z]\w*?)EncoderModel$/.exec(cls);
  if (encoder) return { task: 'encoder', architecture: encoder[1]! };
  const base = /^([A-Z]\w*?)Model$/.exec(cls);
  if (base && !cls.startsWith('Auto')) return { task: 'base', architecture: base[1]! };
  return undefined;
}
