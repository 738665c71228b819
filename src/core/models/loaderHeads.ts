/**
 * The task heads transformers 5.17 puts on top of each family's base model, read
 * from its modeling files: the decoder families that use
 * `GenericForSequenceClassification` / `GenericForTokenClassification`
 * (modeling_layers.py) get `score` (token classification: `dropout` + `score`
 * with a bias); GPT-2, Falcon, GPT-NeoX and Bloom write their own classes with
 * `score` (bias-free) and `dropout` + `classifier`; OPT has no token
 * classification; T5's classification heads are not modelled here.
 */
import type { LoaderTask } from './loaderTask';

export interface HeadSpec {
  /** Attribute name of the head's `nn.Linear`. */
  readonly name: 'score' | 'classifier';
  readonly bias: boolean;
  /** An `nn.Dropout` registered before the head (token classification). */
  readonly dropout: boolean;
}

const SEQ_SCORE: HeadSpec = { name: 'score', bias: false, dropout: false };
const TOKEN_SCORE: HeadSpec = { name: 'score', bias: true, dropout: true };
const TOKEN_CLASSIFIER: HeadSpec = { name: 'classifier', bias: true, dropout: true };

/** Families built on the Generic* heads of modeling_layers.py. */
const GENERIC = ['llama', 'mistral', 'mixtral', 'qwen2', 'qwen3', 'gemma', 'gemma2', 'phi3'];
/** Families with their own head classes (`score` / `dropout` + `classifier`). */
const OWN_CLASSIFIER = ['gpt2', 'falcon', 'gpt_neox', 'bloom'];

const HEADS: Readonly<Record<string, Partial<Record<'seq-cls' | 'token-cls', HeadSpec>>>> = {
  ...Object.fromEntries(GENERIC.map((t) => [t, { 'seq-cls': SEQ_SCORE, 'token-cls': TOKEN_SCORE }])),
  ...Object.fromEntries(OWN_CLASSIFIER.map((t) => [t, { 'seq-cls': SEQ_SCORE, 'token-cls': TOKEN_CLASSIFIER }])),
  opt: { 'seq-cls': SEQ_SCORE },
};

/** The head `task` puts on a `modelType`, or undefined when transformers has none we model. */
export function headFor(modelType: string, task: LoaderTask): HeadSpec | undefined {
  if (task !== 'seq-cls' && task !== 'token-cls') return undefined;
  return HEADS[modelType]?.[task];
}

/** Class-name suffix of each head task. */
export const HEAD_CLASS_SUFFIX = { 'seq-cls': 'ForSequenceClassification', 'token-cls': 'ForTokenClassification' } as const;
