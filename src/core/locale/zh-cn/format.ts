/** zh-cn: the joining words inside findings, hovers and lenses (`analysis/format.ts`). */
import type { Catalogue } from '../../analysis/index';

export const ZH_CN_FORMAT: Catalogue = {
  format: {
    more: '{names} 等另外 {count} 个',
    pair: '{first} 和 {second}',
    layer: '第 {index} 层（{name}）',
  },
};

/** zh-cn: what goes wrong with a device value (`analysis/deviceCheck.ts`, DM006's `{problem}`); the torch errors stay verbatim. */
export const ZH_CN_DEVICE: Catalogue = {
  device: {
    meta: '加载能成功，但这些权重是空的：第一次前向传播失败，报错 NotImplementedError: Cannot copy out of meta tensor; no data!',
    loadRaises: '加载时报错 {errorClass}: {error}',
    platform: '工作区的 GPU 是 {accelerator} 设备：在它们上加载会报错 RuntimeError: PyTorch is not linked with support for {type} devices',
  },
};
