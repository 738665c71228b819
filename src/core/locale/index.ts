export { localeOfTag, localeFromEnv, MESSAGE_LOCALES, type MessageLocale, type LocaleEnv } from './tags';
export { setMessageLocale, messageLocale, type FaceTranslations } from './select';
export { coreEnglishCatalogue } from './english';
export { ZH_CN } from './zh-cn/index';
