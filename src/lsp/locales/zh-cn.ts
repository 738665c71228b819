/** zh-cn: the language server's own texts, keyed as in `LSP_MESSAGES`. Terms: docs/glossary.zh-CN.md. */
import type { Catalogue } from '../../core/index';

export const LSP_ZH_CN: Catalogue = {
  lsp: {
    configProblem: 'Device Map Studio 配置：{problem}',
    unknownDocument: '未知文档 {uri}：请先打开它（textDocument/didOpen）',
    notAnalysed: '{uri}：只分析 Python、JSON、shell 和 YAML 文档',
    closed: '{uri} 已关闭',
    hintMapToFolder:
      '在 pyproject.toml（或 device-map-studio.toml）的 [tool.device-map-studio.models] 下把模型名映射到本地 checkpoint 文件夹',
    hintEnableHub: '在配置文件里设置 hub.enabled = true（或在客户端设置里写 "hub": {"enabled": true}）',
    hintHubEndpoint: '配置文件中的 hub.endpoint，或 HF_ENDPOINT',
    hintTrustWorkspace: '把该文件夹作为受信任的工作区打开',
  },
};
