/**
 * Every size limit of Device Map Studio, in one place, for the CLI, the editor
 * and the language server alike. Each bound sits well above what the reference
 * implementations meet in reality (transformers configs and checkpoints on the
 * Hub, the safetensors and huggingface.js readers), so no real model is ever
 * refused, while one small hostile file cannot cost unbounded time or memory.
 * Past a limit the caller reports a clear finding (editor) or exits 2 (CLI),
 * naming the limit with `limitMessage`. A leaf module (layer `base`): imports nothing.
 */

/** Decoder layers of one model. The deepest real configs have ~160 (Llama 3.1 405B: 126, DeepSeek-V3: 61). */
export const MAX_LAYERS = 1024;

/** MoE experts per layer. The largest real ones have 256 (DeepSeek-V3) to 384 (Kimi K2). */
export const MAX_EXPERTS = 1024;

/** Tensors in one model (all shards). DeepSeek-V3 with its fp8 scale tensors lists about 91,000. */
export const MAX_TENSORS = 500_000;

/**
 * Bytes of one safetensors JSON header. The Rust `safetensors` crate refuses
 * headers over 100,000,000 bytes; huggingface.js (what reads Hub headers) over
 * 25,000,000. Real ones are under 10 MB even for 1T-parameter MoEs.
 */
export const MAX_HEADER_BYTES = 25_000_000;

/** Shard files of one checkpoint. The largest real checkpoints have ~200 (Llama 3.1 405B: 191). */
export const MAX_SHARDS = 1000;

/** Bytes of a config.json / adapter_config.json / index read from disk or the Hub. Real configs are < 100 KB; indexes < 10 MB. */
export const MAX_CONFIG_BYTES = 4 * 2 ** 20;
export const MAX_INDEX_BYTES = 32 * 2 ** 20;

/** Entries of one device_map dict (a map per tensor of a 91,000-tensor model still fits). */
export const MAX_DICT_ENTRIES = 200_000;

/** Items one evaluated Python value may hold (dicts, lists, comprehensions, `+` results). */
export const MAX_EVAL_ITEMS = 20_000;

/** Characters of one evaluated string (`+` and `*` results): module names are short. */
export const MAX_EVAL_STRING_CHARS = 100_000;

/** Expressions one file's evaluation may visit before everything else is "unknown". */
export const MAX_EVAL_WORK = 500_000;

/** Statements (weighted by length) one file's interpretation may execute. */
export const MAX_EVAL_STEPS = 50_000;

/** Processes a file that reads its rank is evaluated for (one pass each): ranks 0..MAX_RANK_PASSES-1, one 8-card node. */
export const MAX_RANK_PASSES = 8;

/** Bytes of a source file (.py, .json, .ipynb, .yaml) analysed in the editor or checked by the CLI. */
export const MAX_SOURCE_BYTES = 4 * 2 ** 20;

/**
 * Bytes of a `.ipynb` file read by the CLI. Its outputs (base64 plots, logs) make it far larger than
 * its code and are never analysed; the program its code cells make is still held to MAX_SOURCE_BYTES.
 */
export const MAX_NOTEBOOK_BYTES = 64 * 2 ** 20;

/** "Did you mean" suggestions computed per file; past this, unknown keys are still reported, without a suggestion. */
export const MAX_SUGGESTIONS = 50;

/** Findings one file reports (the rest are summarised in one line by the faces). */
export const MAX_FINDINGS = 5000;

/** Digits of a number given on the command line (`--seq`, `--batch`): beyond this it cannot be exact. */
export const MAX_INTEGER_DIGITS = 15;

/** Per-model budget of Hub traffic: requests, bytes and wall time (config + index + 2 Range reads per shard). */
export const HUB_MAX_REQUESTS = 8 + 3 * 200;
export const HUB_MAX_BYTES = 256 * 2 ** 20;
export const HUB_MODEL_DEADLINE_MS = 60_000;

/** Which limit a message names. */
export type LimitName =
  | 'layers'
  | 'experts'
  | 'tensors'
  | 'header bytes'
  | 'shards'
  | 'config bytes'
  | 'index bytes'
  | 'dict entries'
  | 'evaluation steps'
  | 'file size'
  | 'integer digits'
  | 'findings'
  | 'Hub requests'
  | 'Hub bytes'
  | 'Hub time';

/** The one wording for a limit that was hit: what, how much, the bound, and why it exists. */
export function limitMessage(what: LimitName, got: number | string, bound: number): string {
  return `${what} limit exceeded: ${got} > ${bound} (Device Map Studio's bound, far above any real model; see "Limits and safety" in the README)`;
}

/** Thrown where a limit is hit deep inside a computation; callers turn it into a finding or exit 2. */
export class LimitError extends Error {
  constructor(
    readonly limit: LimitName,
    got: number | string,
    bound: number,
  ) {
    super(limitMessage(limit, got, bound));
    this.name = 'LimitError';
  }
}

/** A number that is an exact, finite integer (no NaN, Infinity or value past 2^53). */
export function isExactInteger(n: number): boolean {
  return Number.isSafeInteger(n);
}
