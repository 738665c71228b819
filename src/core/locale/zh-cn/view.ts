/** zh-cn: the layout panel's texts the core builds (`view/messages.ts`). */
import type { Catalogue } from '../../analysis/index';

export const ZH_CN_VIEW: Catalogue = {
  view: {
    stale: '面板绘制后文档已改变；这次编辑已丢弃（面板现在显示新的文本）。',
    cannotDraw: '无法绘制这个映射：{error}',
    cannotWrite: '无法写入这次移动：{error}',
    noSetup: '没有 GPU 配置：在工具栏里设置卡数和每张卡的显存（保存为 deviceMapStudio.gpus）。',
    doesNotFit: '模型放不进 {cards} 张卡：请加卡、加显存或量化。',
    doesNotFitWithCpu: '模型放不进 {cards} 张卡和 CPU 内存预算：请加卡、加显存或量化。',
    mapGone: '这个文档有 {count} 个设备映射；第 {index} 个已不存在。',
    noMap: '这个文档里没有 device_map。',
    resolving: '正在解析 {model}…',
    theModel: '模型',
    notDrawable: '这里的 device_map（{value}）不是面板能绘制的值。',
    notInSetup: '未在配置中',
    offload: '卸载',
  },
};
