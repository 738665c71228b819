/**
 * zh-cn: the findings, related notes and fix titles of the DM rules, keyed as in each rule
 * unit's `messages`. Codes, module names, numbers and the quoted transformers / accelerate /
 * torch errors are placeholders or kept verbatim: they are what people search for.
 * Terms: docs/glossary.zh-CN.md.
 */
import type { Catalogue } from '../../analysis/index';

export const ZH_CN_RULES: Catalogue = {
  DM003: {
    split: '{block} 被切分到 {devices}，第一次前向传播会失败。{className} 必须整块放在同一设备上；torch 报错 "{error}"。',
    part: '"{key}" 把 {block} 的一部分放到 {device}',
    merge: '把 {block} 整块放到 {device}',
  },
};
