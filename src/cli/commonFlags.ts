import {
  type DType,
  type LocaleEnv,
  localeFromEnv,
  type MessageLocale,
  type ModelTree,
  parseDType,
  type Quantization,
} from '../core/index';
import { UsageError } from './args';
import { cliSay, mustBe } from './messages';

/** `--loader <ClassName>`: the class that loads the model (`AutoModel` builds the base model: no `model.` prefix, no `lm_head`). */
export const MODEL_FLAGS = ['model', 'dtype', 'transformers', 'quantization', 'loader'] as const;

/**
 * `--dtype`. Absent: undefined, so each tensor keeps its stored dtype (safetensors
 * headers), else the config's dtype, else fp32 — see `tensorElementBytes`.
 */
export function dtypeFlag(raw: string | undefined): DType | undefined {
  if (raw === undefined) return undefined;
  const d = parseDType(raw);
  if (!d || !['fp32', 'fp16', 'bf16'].includes(d)) throw new UsageError(mustBe('--dtype', ['bf16', 'fp16', 'fp32'], raw));
  return d;
}

export function quantizationFlag(raw: string | undefined): Quantization | undefined {
  if (raw === undefined || raw === 'none') return undefined;
  if (raw === '4bit' || raw === 'nf4' || raw === 'fp4') return { method: 'bnb-4bit' };
  if (raw === '8bit' || raw === 'int8') return { method: 'bnb-8bit' };
  throw new UsageError(mustBe('--quantization', ['4bit', '8bit'], raw));
}

/** How the dtype reads in a table header. */
export function dtypeLabel(dtype: DType | undefined, tree: ModelTree): string {
  if (dtype) return dtype;
  const stored = describeStored(tree);
  return stored ?? cliSay.text('fromConfig', { dtype: tree.configDType ?? 'fp32' });
}

function describeStored(tree: ModelTree): string | undefined {
  const seen = new Set<string>();
  const walk = (m: ModelTree['root']): void => {
    for (const t of [...m.params, ...m.buffers]) if (t.storedDType) seen.add(t.storedDType);
    m.children.forEach(walk);
  };
  walk(tree.root);
  return seen.size > 0 ? cliSay.text('storedDTypes', { dtypes: [...seen].sort().join(', ') }) : undefined;
}

/** The languages `--lang` takes (the catalogues the core has). */
export const LANGS = ['en', 'zh-cn'] as const;

/**
 * `--lang en|zh-cn`, accepted by every command: taken out of argv here, in one place, before
 * the command parses the rest (after `--` everything is a positional). Without it, the POSIX
 * environment decides (LC_ALL > LC_MESSAGES > LANG, `localeFromEnv`).
 */
export function takeLangFlag(argv: readonly string[]): { lang: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let lang: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (arg === '--lang' || arg.startsWith('--lang=')) {
      const value = arg === '--lang' ? argv[++i] : arg.slice('--lang='.length);
      if (value === undefined) throw new UsageError(cliSay.text('needsValue', { flag: '--lang' }));
      lang = value;
      continue;
    }
    rest.push(arg);
  }
  return { lang, rest };
}

/** The locale the CLI speaks: `--lang` (en or zh-cn, any case, `_` for `-`), else the environment. */
export function cliLocale(lang: string | undefined, env: LocaleEnv): MessageLocale {
  if (lang === undefined) return localeFromEnv(env);
  const norm = lang.toLowerCase().replace('_', '-');
  if (!(LANGS as readonly string[]).includes(norm)) throw new UsageError(mustBe('--lang', LANGS, lang));
  return norm as MessageLocale;
}
