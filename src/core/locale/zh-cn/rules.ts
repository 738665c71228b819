/**
 * zh-cn: the findings, related notes and fix titles of the DM rules, keyed as in each rule
 * unit's `messages`. Codes, module names, numbers and the quoted transformers / accelerate /
 * torch errors are placeholders or kept verbatim: they are what people search for.
 * Terms: docs/glossary.zh-CN.md.
 */
import type { Catalogue } from '../../analysis/index';

const V4_SINGLE = 'transformers 4 会检查每个字典，即使它只写了 {device}；transformers 5 则会把这些模块静默加载到 CPU。';

export const ZH_CN_RULES: Catalogue = {
  DM001: {
    uncovered:
      '没有任何键覆盖 {modules}，加载会失败。transformers 报错 ValueError: The device_map provided does not give any device for the following parameters: {params}',
    v4FirstParam:
      "没有任何键覆盖 {modules}，加载会失败。加载到第一个这样的参数时，transformers 4 报错 ValueError: {param} doesn't have any device set.",
    v4FirstParamSingle: `没有任何键覆盖 {modules}，加载会失败。加载到第一个这样的参数时，transformers 4 报错 ValueError: {param} doesn't have any device set. ${V4_SINGLE}`,
    v4Tied:
      '没有任何键覆盖 {modules}，加载会失败。权重加载完后，transformers 4 报错 ValueError: The device_map provided does not give any device for the following parameters: {params}',
    v4TiedSingle: `没有任何键覆盖 {modules}，加载会失败。权重加载完后，transformers 4 报错 ValueError: The device_map provided does not give any device for the following parameters: {params}. ${V4_SINGLE}`,
  },
  DM002: {
    unknown: '"{key}" 不是 {model} 的任何模块，这一项不起作用。transformers 会忽略它并警告 "{warning}"。',
    unknownRange: '"{key}" 不是 {model} 的任何模块，这一项不起作用。该模型有 {range}；transformers 会忽略这个键并警告 "{warning}"。',
    unknownSuggest:
      '"{key}" 不是 {model} 的任何模块，这一项不起作用。你是想写 "{suggestion}" 吗？transformers 会忽略这个键并警告 "{warning}"。',
    rename: '重命名为 "{suggestion}"',
    remove: '删除 "{key}"（它不起作用）',
    range: '{count} 个 {parent}（{parent}.0-{last}）',
  },
  DM003: {
    split: '{block} 被切分到 {devices}，第一次前向传播会失败。{className} 必须整块放在同一设备上；torch 报错 "{error}"。',
    part: '"{key}" 把 {block} 的一部分放到 {device}',
    merge: '把 {block} 整块放到 {device}',
  },
  DM004: {
    child:
      '"{key}" 把 "{parent}" 的一部分放到 {device}；第一次前向传播会失败。"{parent}" 在 {parentDevice} 上：加载能成功，随后 torch 报错 "{error}"。',
    children:
      '{keys} 把 "{parent}" 切分到多个设备；第一次前向传播会失败。"{parent}" 在 {parentDevice} 上：加载能成功，随后 torch 报错 "{error}"。',
    parentHere: '"{parent}" 把其余部分放在 {device}',
    childHere: '"{key}" 把它那部分放到 {device}',
    join: '把 {keys} 和 "{parent}" 一起放到 {device}',
    splitOne: '把 "{parent}" 拆成各个子模块，让 {keys} 保留自己的设备',
    splitMany: '把 "{parent}" 拆成各个子模块，让 {keys} 保留各自的设备',
  },
  DM005: {
    split:
      '{tied} 和与它绑定的 {source} 在两个设备上；前向传播会失败。"{tiedKey}" 在 {tiedDevice}，"{sourceKey}" 在 {sourceDevice}。它们是同一个共享张量：transformers 把它加载到 {tiedDevice}，随后 torch 报错 "{error}"。',
    splitV4:
      '{tied} 和与它绑定的 {source} 在两个设备上；前向传播会失败。"{tiedKey}" 在 {tiedDevice}，"{sourceKey}" 在 {sourceDevice}。transformers 4 在加载时警告 "Tied parameters are on different devices: {placement}. Please modify your custom device map or set `device_map=\'auto\'`."，随后 torch 报错 "{error}"。',
    source: '{source} 放在这里，在 {device}',
    move: '把 "{tiedKey}" 移到 {device}，与绑定的 "{sourceKey}" 放在一起',
  },
  DM006: {
    atLoad: '{where}：{raw} 不是可用的设备，加载会失败。详细地说，{problem}',
    atForward: '{where}：{raw} 不是可用的设备，第一次前向传播会失败。详细地说，{problem}',
    platform: '{where}：{raw} 不是 {accelerator} 设备，在这些卡上加载会失败。详细地说，{problem}',
    writeInt: '把 {raw} 写成 {value}',
  },
  DM007: {
    beyondVisible:
      '{raw} 指向 cuda:{device}，超出了 CUDA_VISIBLE_DEVICES 可见的 GPU（{range}）。加载会失败，报错 "CUDA error: invalid device ordinal"。',
    beyondConfigured:
      '{raw} 指向 cuda:{device}，超出了本工作区配置的 GPU（{range}）。加载会失败，报错 "CUDA error: invalid device ordinal"。',
    again: '这里又是 cuda:{device}',
    budgetBeyond:
      'max_memory 给 {raw} 设了预算，但只有 {range}。accelerate 只会警告 "Device {device} is not available, available devices are {available}"，仍会把层放到那里，加载时报错 "CUDA error: invalid device ordinal"。',
  },
  DM008: {
    unknown: '"{value}" 既不是策略也不是设备，加载会失败。transformers 报错 ValueError: {error}',
    unknownSuggest: '"{value}" 既不是策略也不是设备，加载会失败。你是想写 "{suggestion}" 吗？transformers 报错 ValueError: {error}',
    change: '改为 {text}',
  },
  DM009: {
    alternating:
      '这些块切换了 {switches} 次设备，其实 {needed} 次就够。路径：{path}。每多一次切换，激活值就要在卡间多拷贝一次；让相邻的块留在同一张卡上。',
    switchAt: '在 {block} 切换到 {device}',
  },
  DM010: {
    slow: '{blocks} 在 {device} 上，而这个文件在训练：每一步都要把它们的权重拷到 GPU 再拷回来。训练会非常慢；把这些块放到 GPU 上。',
    loraFails: 'LoRA 目标模块 {targets} 位于 {device} 上的 {blocks}，训练步骤会失败。torch 报错 "{error}"。把这些块放到 GPU 上。',
  },
  DM011: {
    over: '{device} 需要约 {total}，但只有 {capacity}，会显存不足。显卡：{gpu}；估算：{breakdown}。torch 报错 "torch.OutOfMemoryError: CUDA out of memory"；把约 {excess} 移到别的卡上。',
    alsoHere: '"{key}" 也在 {device} 上',
  },
  DM012: {
    reserve:
      '{device} 只剩 {free} 可用于训练；至少要留 {reserve}。它是主卡（输入、LoRA 适配器、优化器状态、loss 和 logits 都在这里）：{breakdown} 占用 {capacity} 之后，前几步训练可能显存不足。把约 {move} 的块移到其他卡上。',
    reserveWithStep:
      '{device} 只剩 {free} 可用于训练；至少要留 {reserve}。它是主卡（输入、LoRA 适配器、优化器状态、loss 和 logits 都在这里）：{breakdown} 占用 {capacity} 之后，前几步训练可能显存不足；{mode} 的估算在那里峰值约为 {step}。把约 {move} 的块移到其他卡上。',
  },
  DM013: {
    offload:
      '{keys} 在 {device} 上，且使用 bitsandbytes {bits} 量化，加载会失败。transformers 报错 ValueError: {error} 给 BitsAndBytesConfig 传 llm_int8_enable_fp32_cpu_offload=True，让这些模块以 fp32 留在 CPU 上；或者把它们放到 GPU 上。',
    alsoOffloaded: '"{key}" 也在 {device} 上',
    configured: '量化在这里配置',
  },
  DM014: {
    badKey: 'max_memory 的键 {key} 不是 accelerate 认识的设备，加载会失败。accelerate 报错 ValueError: {error}',
    badKeyHint: 'max_memory 的键 {key} 不是 accelerate 认识的设备，加载会失败。请改写成 {replacement}；accelerate 报错 ValueError: {error}',
    badSize: 'max_memory[{key}] 不是 accelerate 能解析的大小，加载会失败。accelerate 报错 ValueError: {error}',
    bits: '"{value}" 以小写 b 结尾，accelerate 会把它当作比特（bit）：{bytes}。只有 "{fixed}" 的八分之一。',
    useKey: '用 {text} 作为键',
    writeBytes: '写成 {text}（字节，而不是比特）',
  },
  DM015: {
    capture:
      '"{key}" 在加载时还会匹配到 {captured}，它们的权重会落到 {device}。transformers 5.17 把 device_map 的键当作普通前缀匹配；这些模块本该放在 {intended}。给它们单独写键。',
    noDevice: '没有设备',
    fromKey: '{device}（来自 "{key}"）',
  },
  DM016: {
    notResolved:
      '{model} 未能解析，结构检查已跳过。原因：{reason}。覆盖、块和容量检查需要模块树。下载模型（huggingface-cli download）、指向含 config.json 的本地文件夹，或为受限模型登录。',
    wholeFileNoModel:
      '这个整文件的 device_map 没有指明模型，结构检查已跳过。要检查它，在同一个配置 JSON 里把映射写成 "device_map"，并在旁边写 "model_name_or_path": "<hub id or local folder>"（不经 Hub 使用本地 checkpoint：{mapToFolder}）。',
    noModelBeside:
      '这个 device_map 旁边没有模型键，结构检查已跳过。要检查它，在 "device_map" 旁边写 "model_name_or_path": "<hub id or local folder>"（不经 Hub 使用本地 checkpoint：{mapToFolder}）。',
    fromSourceDefault:
      '模型（{source}）要到脚本运行时才知道，结构检查已跳过。详细地说，{reason}。它的默认值 "{defaultName}" 也未能解析{why}：请下载它，或{mapToFolder}。',
    fromSource:
      '模型（{source}）要到脚本运行时才知道，结构检查已跳过。详细地说，{reason}。请在调用里把模型名（Hub id 或文件夹）写成字符串，或写成模块级常量。',
    theModel: '模型',
  },
  DM017: {
    twoWays:
      'cuda:{device} 同时写成了 {spellings}，transformers 会把它算作两个设备。它按写法比较这些值：覆盖检查会按多设备映射进行，布局也会显示两个设备。统一写成 {main}。',
    writtenHere: '这里写成 {raw}',
    unify: '把 cuda:{device} 统一写成 {raw}',
  },
  DM018: {
    gaps: '这个映射只写了 {device}，漏掉了 {modules}；它们会被静默加载到 CPU。transformers 5 不检查单设备映射，所以这些模块运行很慢，前向传播还会混用设备。把它们加上，或写成 {whole}。',
  },
  DM019: {
    distributed:
      '{what} 在 {processes} 个进程中训练（{from}）：accelerate 拒绝这样做。Accelerator.prepare_model 报错 ValueError: {error} 每个进程加载一整份模型（device_map={oneCard}）；若要在每个进程内做模型并行，给每个 rank 分配自己的卡，并设置 ACCELERATE_BYPASS_DEVICE_MAP=true。',
    oneCard: '每个进程加载一整份模型：device_map={map}',
    hybrid: '保留切分：每个进程使用自己的 {cards} 张卡（按 rank 设置 max_memory），并设置 ACCELERATE_BYPASS_DEVICE_MAP=true',
  },
  DM020: {
    quantized:
      '{processes} 个进程（{from}）都把 {bits} 模型加载到 cuda:{device}：训练会失败。accelerate 报错 ValueError: {error} 使用 device_map={oneCard}，让每个进程加载到自己的卡上。',
    plain:
      '{processes} 个进程（{from}）都先把模型加载到 cuda:{device}。在各 rank 把自己的副本移走之前，这张卡上有 {processes} 份副本；使用 device_map={oneCard}，让每个进程加载到自己的卡上。',
    ownCard: '让每个进程加载到自己的卡上：{value}',
  },
  DM021: {
    overlap:
      '多个 rank 共用同一张卡（{processes} 个进程，{from}）：{shared}。每个进程都会在那张卡上加载自己的一份，共用的卡上就有多份；请给每个 rank 分配自己的卡。',
    beyond: '{ranks}，超出了可见的 {range}（{processes} 个进程，{from}）。该进程在加载时会失败："{error}"。',
    rankUses: 'rank {rank} 使用 {cards}',
  },
  'duplicate-key': {
    python: '"{key}" 在这个 device_map 里写了两次；Python 只保留后一个值 {value}（第 {line} 行）。这里写的值会被忽略：删掉其中一个。',
    json: '"{key}" 在这个 device_map 里写了两次；json.load（以及 transformers）只保留后一个值 {value}（第 {line} 行）。这里写的值会被忽略：删掉其中一个。',
    noWinner: '"{key}" 在这个 device_map 里写了两次；只有后一个值生效。',
    winner: '生效的是这个值（{value}）',
    remove: '删除前面重复的 `{key}`',
  },
  'model-default': {
    checkedAgainst: '按 {source} 的默认模型 "{model}" 检查。运行时传入其他模型，放置结果可能不同。',
  },
  'offload-folder': {
    needsFolder:
      '"{key}" 在磁盘上：为稳妥起见，给 from_pretrained 传 offload_folder="offload"。除非 checkpoint 是 safetensors 格式，transformers 4 会报错 ValueError: {error} 这里不知道这个 checkpoint 的格式（{source}）。',
  },
  parse: {
    unreadable: 'Device Map Studio 无法读取这个文件，其中的内容都没有检查。{detail}',
    partly: 'Device Map Studio 无法读取文件的这一部分：{detail}',
  },
};
