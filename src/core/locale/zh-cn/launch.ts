/** zh-cn: how a script is launched (hover and CodeLens, analysis/launchSummary.ts). */
import type { Catalogue } from '../../analysis/index';

export const ZH_CN_LAUNCH: Catalogue = {
  launch: {
    oneProcess: '1 个进程',
    processes: '{count} 个进程',
    oneVisibleCard: '1 张可见的卡',
    visibleCards: '{count} 张可见的卡',
    from: '{count}，来自 {source}',
    fromCommand: '{count}，来自 {source}（{command}）',
    withExtras: '{launch}；{extras}',
    listSeparator: '、',
    rankCards: 'rank {rank}：{cards}',
    rankNotKnown: '未知',
    rankNoGpu: '没有 GPU',
    rankSeparator: ' · ',
    hoverLaunch: '**启动方式：** {text}',
    hoverRanks: '**各 rank 使用的卡：** {text}',
  },
};
