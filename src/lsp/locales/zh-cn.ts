/** zh-cn: the language server's own texts, keyed as in `LSP_MESSAGES`. Terms: docs/glossary.zh-CN.md. */
import type { Catalogue } from '../../core/index';

export const LSP_ZH_CN: Catalogue = {
  lsp: {
    configProblem: 'Device Map Studio 配置：{problem}',
    unknownDocument: '未知文档 {uri}：请先打开它（textDocument/didOpen）',
    notAnalysed: '{uri}：只分析 Python 和 JSON 文档',
    closed: '{uri} 已关闭',
  },
};
