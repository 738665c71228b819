/** zh-cn: the joining words inside findings, hovers and lenses (`analysis/format.ts`). */
import type { Catalogue } from '../../analysis/index';

export const ZH_CN_FORMAT: Catalogue = {
  format: {
    more: '{names} 等另外 {count} 个',
    pair: '{first} 和 {second}',
    layer: '第 {index} 层（{name}）',
  },
};
