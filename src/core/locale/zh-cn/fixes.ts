/** zh-cn: the titles of the fixes several rules share (rebalance, fill-missing, expand-strategy) and the engine's own texts. */
import type { Catalogue } from '../../analysis/index';

export const ZH_CN_FIXES: Catalogue = {
  rebalance: {
    strategy: '按 "{strategy}" 重新均衡（{summary}）',
    strategyTraining: '按 "{strategy}" 重新均衡，在 cuda:0 上留出 {reserve}（{summary}）',
    plannerOne: '用 Device Map Studio 规划器重新均衡：移动 1 个模块（{summary}）',
    plannerMany: '用 Device Map Studio 规划器重新均衡：移动 {moved} 个模块（{summary}）',
    setUpGpus: '先设置 GPU，才能重新均衡',
  },
  'fill-missing': {
    addOne: '添加 {modules}（放在 {devices}，与相邻模块在一起）',
    addMany: '添加 {modules}（放在 {devices}，与相邻模块在一起）',
  },
  'expand-strategy': {
    expand: '把 "{strategy}" 展开成 transformers 计算出的显式映射',
  },
  engine: {
    internalError: '检查 {code} 时发生内部错误：{error}',
    ignoreOnLine: '在这一行忽略 {code}',
    unusedInFile: '未使用的忽略指令：这个文件里没有任何发现',
    unusedOnLine: '未使用的忽略指令：这一行没有任何发现',
    unusedCodeInFile: '未使用的忽略指令：这个文件里没有 {code} 发现',
    unusedCodeOnLine: '未使用的忽略指令：这一行没有 {code} 发现',
    moreFindings: '还有 {more} 条发现未显示（{limit}）',
  },
};
