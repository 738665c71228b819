/**
 * zh-cn templates that are meant to read exactly as in English, with the reason: a text made
 * only of placeholders, codes or Python spelled the same in every language. A test fails on
 * any other zh-cn template equal to its English one (a forgotten translation).
 */
export const ZH_CN_IDENTICAL: Readonly<Record<string, string>> = {};
