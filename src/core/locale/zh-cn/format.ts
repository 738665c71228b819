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

/** zh-cn: how configured and detected GPUs are named (`gpuSpecs.ts`, `gpuHost/hostSetup.ts`). */
export const ZH_CN_GPU: Catalogue = {
  'gpu-specs': {
    noGpus: '未配置 GPU',
  },
  'gpu-host': {
    detectedBy: '由 {source} 检测到',
    appleSystem: '系统（统一内存）',
    detected: '{gpus}（检测到的）',
    differs: 'deviceMapStudio.gpus 描述的是 {configured}，但 {source} 在本机看到的是 {detected}',
  },
};
