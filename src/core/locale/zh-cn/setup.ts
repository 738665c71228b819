/** zh-cn: what New Setup and `device-map init` say (core/setup/messages.ts); the files they write stay English. */
import type { Catalogue } from '../../analysis/index';

export const ZH_CN_SETUP: Catalogue = {
  setup: {
    noCards: '没有可以放置模型的卡。',
    hybridUneven: '{processes} 个进程无法平分 {cards} 张卡来做进程内模型并行（hybrid 要求卡数是进程数的整数倍）。',
    dataParallelCards: '{processes} 个数据并行进程需要 {processes} 张卡；现在有 {cards} 张。',
    cardsSame: '{count} × {name}（{memory}）',
    cardsMixed: '{count} 张卡',
    taskInference: '推理',
    taskLora: 'LoRA 微调',
    taskQlora: 'QLoRA（4 位）微调',
    taskFull: '全参数微调',
    cardTakes: 'cuda:{device} 占用 {total}{reserve}，共 {capacity}',
    cardNeeds: 'cuda:{device} 需要 {total}{reserve}，共 {capacity}',
    reserve: '（另加 {reserve} 训练预留）',
    listSeparator: '，',
    leftOver:
      '{who} 放不进 {cards} 做{task}（{mode}）：切分到这些卡上时，{parts}，还剩 {weights} 的权重（{modules}）放不下：需要 {total} 张这样的卡。',
    pastProbe:
      '{who} 放不进 {cards} 做{task}（{mode}）：整个模型的这一步大约需要 {total}（其中权重 {weights}），而这些卡一共只有 {room} 显存；即使 {max} 张这样的卡也放不下。',
    offloadInference: '推理可以这样运行，但会很慢（卸载到 CPU）',
    offloadQlora: 'bitsandbytes 4 位权重在训练时不能卸载',
    offloadTraining: '训练时不能卸载到 CPU',
    offloadRest: '；{weights} 的权重（{modules}）在卡上放不下，会被卸载到 CPU：{why}',
    doesNotFit: '{who} 放不进 {cards} 做{task}（{mode}）：{parts}{rest}。',
    altLora: '用 LoRA 代替全参数微调',
    altQlora: '用 QLoRA（4 位）代替 {task}',
    altOffload: '把卡上放不下的模块卸载到 CPU',
    altStudio: '用 Device Map Studio 的规划器代替 transformers 的策略',
    altOneProcess: '单个进程',
    altProcesses: '{count} 个进程',
    altHybrid: '每个进程内做模型并行（hybrid）',
    altMoreCards: '{count} 张卡（再加 {more} 张 {name}）',
    perCard: 'cuda:{device} {total} / {capacity}{over}',
    perCardOver: '（超出）',
    perCardSeparator: ' · ',
    noteDataParallel: '数据并行在每张卡上加载一份完整的模型：device_map="{strategy}" 不起作用',
    noteOneCardEach: '每个进程的设备映射只用一张卡：数据并行（每张卡一份完整模型）用更少的卡就能运行',
    noteOffloaded: '{count} 个模块在 CPU 上运行（已卸载）：慢，但放得下',
  },
};
