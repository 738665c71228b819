/**
 * Defaults of command-line options declared in the file (`argparse`'s
 * `add_argument("--model", default=...)`, `HfArgumentParser` dataclass fields).
 * They are never taken as the model (the user may pass another), only quoted
 * in the message that says why the model is unknown.
 */

const ADD_ARGUMENT = /add_argument\(\s*(?:["']-\w["']\s*,\s*)?["']--([\w-]+)["']([^)]*)\)/g;
const DEST = /\bdest\s*=\s*["'](\w+)["']/;
const DEFAULT = /\bdefault\s*=\s*(["'])([^"'\\\n]*)\1/;
const FIELD = /^[ \t]+(\w+)\s*:\s*(?:Optional\[\s*str\s*\]|str)\s*=\s*(?:field\(([^)]*)\)|(["'])([^"'\\\n]*)\3)/gm;

/** Option name (as the parsed attribute: `model_name_or_path`) -> its string default. */
export function cliDefaults(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(ADD_ARGUMENT)) {
    const rest = m[2] ?? '';
    const dest = DEST.exec(rest)?.[1] ?? m[1]!.replace(/-/g, '_');
    const def = DEFAULT.exec(rest)?.[2];
    if (def !== undefined) out.set(dest, def);
  }
  for (const m of text.matchAll(FIELD)) {
    const def = m[2] !== undefined ? DEFAULT.exec(m[2])?.[2] : m[4];
    if (def !== undefined && !out.has(m[1]!)) out.set(m[1]!, def);
  }
  return out;
}
