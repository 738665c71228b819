/**
 * Message templates with named placeholders (`'{module} is split over {devices}'`),
 * filled by one formatter. Every text a rule shows (finding, related note, fix title)
 * is a template in its unit's `messages` record, keyed by a stable id, so a locale
 * can supply the same keys later (issue 15) and a test can check the placeholders.
 */

/**
 * The placeholder names of a template, as a type: `'{a} and {b}'` -> `'a' | 'b'`. Braces around
 * anything that is not a name (`{"enabled": true}` quoted in a hint) are text, as for `fill`.
 */
export type Placeholders<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? (P extends '' | `${string}${' ' | '"' | "'" | ':' | ',' | '{'}${string}` ? never : P) | Placeholders<Rest>
  : never;

/** The values a template needs: exactly its placeholders. */
export type ValuesOf<S extends string> = { readonly [P in Placeholders<S>]: string | number };

export type Messages = Readonly<Record<string, string>>;

/** Who owns a record of templates (a rule's code or tag, or a shared fix) and its templates. */
export type Catalogue = Readonly<Record<string, Messages>>;

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** The placeholder names a template uses, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** A fill whose values did not match its template's placeholders (seen by tests through `watchFills`). */
export interface FillMismatch {
  readonly owner: string;
  readonly id: string;
  readonly missing: readonly string[];
  readonly extra: readonly string[];
}

let watcher: ((m: FillMismatch) => void) | undefined;

/** Tests listen here; the engine never throws over a wording slip (the placeholder stays visible instead). */
export function watchFills(listener: ((m: FillMismatch) => void) | undefined): void {
  watcher = listener;
}

/** A locale's templates, when one is set; English (the units' own records) otherwise. */
let localeCatalogue: Catalogue | undefined;

export function setLocaleCatalogue(catalogue: Catalogue | undefined): void {
  localeCatalogue = catalogue;
}

/** Runs `build` with the English templates: for texts that are code (the files New Setup writes), whatever the locale. */
export function inEnglish<T>(build: () => T): T {
  const saved = localeCatalogue;
  localeCatalogue = undefined;
  try {
    return build();
  } finally {
    localeCatalogue = saved;
  }
}

/**
 * What a fill depends on besides its values: the per-map memo (mapMemo.ts) keys on it, so a
 * locale switch re-words every finding and a test's watcher sees every fill.
 */
export function fillInputs(): { readonly catalogue: Catalogue | undefined; readonly watched: boolean } {
  return { catalogue: localeCatalogue, watched: watcher !== undefined };
}

/** The one formatter: `template` with each `{name}` replaced by `values[name]`. */
export function fill(owner: string, id: string, english: string, values: Readonly<Record<string, string | number>>): string {
  const template = localeCatalogue?.[owner]?.[id] ?? english;
  if (watcher) {
    const wanted = placeholdersOf(template);
    const given = Object.keys(values);
    const missing = wanted.filter((p) => !(p in values));
    const extra = given.filter((g) => !wanted.includes(g));
    if (missing.length > 0 || extra.length > 0) watcher({ owner, id, missing, extra });
  }
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Fills the templates of one owner: `text('split', { block, devices })`, checked against the template's placeholders at compile time. */
export interface Voice<M extends Messages> {
  text<K extends keyof M & string>(id: K, values: ValuesOf<M[K]>): string;
}

export function voice<const M extends Messages>(owner: string, messages: M): Voice<M> {
  return { text: (id, values) => fill(owner, id, messages[id]!, values as Record<string, string | number>) };
}

/** Placeholder differences between a locale's catalogue and English: what a translation must fix. */
export function catalogueMismatches(english: Catalogue, locale: Catalogue): string[] {
  const out: string[] = [];
  for (const [owner, messages] of Object.entries(locale)) {
    for (const [id, template] of Object.entries(messages)) {
      const en = english[owner]?.[id];
      if (en === undefined) {
        out.push(`${owner}.${id}: no such English template`);
        continue;
      }
      const a = placeholdersOf(en).sort().join(',');
      const b = placeholdersOf(template).sort().join(',');
      if (a !== b) out.push(`${owner}.${id}: placeholders {${b}} but English has {${a}}`);
    }
  }
  return out;
}

/** English templates a locale does not translate (a key added in English and forgotten in the locale). */
export function missingTranslations(english: Catalogue, locale: Catalogue): string[] {
  const out: string[] = [];
  for (const [owner, messages] of Object.entries(english))
    for (const id of Object.keys(messages)) if (locale[owner]?.[id] === undefined) out.push(`${owner}.${id}: not translated`);
  return out;
}
