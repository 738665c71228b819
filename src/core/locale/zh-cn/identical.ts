/**
 * zh-cn templates that are meant to read exactly as in English, with the reason: a text made
 * only of placeholders, codes or product names spelled the same in every language. A test
 * fails on any other zh-cn template equal to its English one (a forgotten translation).
 */
export const ZH_CN_IDENTICAL: Readonly<Record<string, string>> = {
  'completion.budgetMps': 'a product name ("Apple GPU"), as Chinese documentation writes it',
  'estimate.partLora': 'LoRA and a size: nothing to translate',
  'launch.rankSeparator': 'a middle dot between ranks, the same in both languages',
  'setup.perCard': 'a device name and sizes: nothing to translate',
  'setup.perCardSeparator': 'a middle dot between cards, the same in both languages',
};
