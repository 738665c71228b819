/**
 * The one switch for the language of every text the core builds: a face passes its locale
 * tag (VS Code's `vscode.env.language`, the CLI's `--lang` or `localeFromEnv`, the LSP
 * client's `locale`) and, optionally, its own texts' translations; the formatter
 * (`analysis/messages.ts: fill`) then reads that catalogue, English otherwise.
 */
import { setLocaleCatalogue, type Catalogue } from '../analysis/index';
import { localeOfTag, type MessageLocale } from './tags';
import { ZH_CN } from './zh-cn/index';

const CORE: Readonly<Record<MessageLocale, Catalogue | undefined>> = { en: undefined, 'zh-cn': ZH_CN };

let current: MessageLocale = 'en';

/** Face-owned translations (a face's own headings), by locale: merged over the core's. */
export type FaceTranslations = Partial<Record<MessageLocale, Catalogue>>;

/** Sets the catalogue for a locale tag and says which one it picked. */
export function setMessageLocale(tag: string | undefined, faces: FaceTranslations = {}): MessageLocale {
  current = localeOfTag(tag);
  const core = CORE[current];
  const face = faces[current];
  // Same catalogue object for the same choice: the per-map memo keys on it (mapMemo.ts).
  setLocaleCatalogue(face ? { ...core, ...face } : core);
  return current;
}

/** The locale the last `setMessageLocale` picked ('en' until one is set). */
export function messageLocale(): MessageLocale {
  return current;
}
