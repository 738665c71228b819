/**
 * The zh-cn catalogue against English: every key in both, the same placeholders, nothing left
 * in English by mistake, and the codes and the quoted upstream errors kept verbatim.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogueMismatches, missingTranslations, type Catalogue } from '../../../src/core/analysis/messages';
import { coreEnglishCatalogue } from '../../../src/core/locale/english';
import { ZH_CN } from '../../../src/core/locale/zh-cn/index';
import { ZH_CN_IDENTICAL } from '../../../src/core/locale/zh-cn/identical';

const en = coreEnglishCatalogue();

test('every English key has a zh-cn template with the same placeholders, and zh-cn has no key English lacks', () => {
  assert.ok(Object.keys(en).length > 20, 'the English catalogue holds every owner');
  assert.deepEqual(missingTranslations(en, ZH_CN), []);
  assert.deepEqual(catalogueMismatches(en, ZH_CN), []);
});

test('the check fails on a new English key without a zh-cn entry, and on a changed placeholder', () => {
  const grown: Catalogue = { ...en, DM003: { ...en.DM003, brandNew: 'A new {thing} nobody translated' } };
  assert.deepEqual(missingTranslations(grown, ZH_CN), ['DM003.brandNew: not translated']);
  const renamed: Catalogue = { ...ZH_CN, DM003: { ...ZH_CN.DM003, split: ZH_CN.DM003!.split!.replace('{block}', '{module}') } };
  assert.equal(catalogueMismatches(en, renamed).length, 1);
});

test('no zh-cn template equals its English one unless listed as intentionally identical', () => {
  const same: string[] = [];
  for (const [owner, messages] of Object.entries(en))
    for (const [id, template] of Object.entries(messages)) if (ZH_CN[owner]?.[id] === template) same.push(`${owner}.${id}`);
  assert.deepEqual(same.filter((k) => !(k in ZH_CN_IDENTICAL)).sort(), []);
  for (const k of Object.keys(ZH_CN_IDENTICAL)) assert.ok(same.includes(k), `${k} is listed as identical but is translated (or gone)`);
});

test('no English sentence is left inside a zh-cn template (outside quotes, code and upstream errors)', () => {
  const leftovers: string[] = [];
  for (const [owner, messages] of Object.entries(ZH_CN))
    for (const [id, template] of Object.entries(messages)) {
      if (`${owner}.${id}` in ZH_CN_IDENTICAL) continue;
      const prose = template
        .replace(/"[^"]*"/g, '')
        .replace(/`[^`]*`/g, '')
        .replace(/\{\w+\}/g, '')
        .replace(/\b\w*Error:.*?(?=[\u3000-\u9fff\uff00-\uffef]|$)/g, '');
      if (/\b(?:the|is|are|and|with|this|that|to|of)\s+[a-z]+\s+[a-z]+\b/.test(prose)) leftovers.push(`${owner}.${id}: ${prose}`);
    }
  assert.deepEqual(leftovers, []);
});

/** Texts that are searched for as they are: transformers/accelerate/torch errors, flags, variables, commands. */
const VERBATIM = [
  'ValueError: The device_map provided does not give any device for the following parameters: {params}',
  "ValueError: {param} doesn't have any device set.",
  "Tied parameters are on different devices: {placement}. Please modify your custom device map or set `device_map='auto'`.",
  'CUDA error: invalid device ordinal',
  'Device {device} is not available, available devices are {available}',
  'NotImplementedError: Cannot copy out of meta tensor; no data!',
  'RuntimeError: PyTorch is not linked with support for {type} devices',
  'torch.OutOfMemoryError: CUDA out of memory',
  'ValueError: {error}',
  '"{error}"',
  '"{warning}"',
  'llm_int8_enable_fp32_cpu_offload=True',
  'BitsAndBytesConfig',
  'ACCELERATE_BYPASS_DEVICE_MAP=true',
  'Accelerator.prepare_model',
  'CUDA_VISIBLE_DEVICES',
  'offload_folder="offload"',
  'huggingface-cli download',
  '"model_name_or_path": "<hub id or local folder>"',
];

test('quoted upstream errors, flags and codes read the same in zh-cn as in English', () => {
  const lost: string[] = [];
  for (const fragment of VERBATIM) {
    let used = 0;
    for (const [owner, messages] of Object.entries(en))
      for (const [id, template] of Object.entries(messages)) {
        if (!template.includes(fragment)) continue;
        used++;
        if (!ZH_CN[owner]![id]!.includes(fragment)) lost.push(`${owner}.${id}: ${fragment}`);
      }
    assert.ok(used > 0, `${fragment} is in no English template: the list is stale`);
  }
  for (const [owner, messages] of Object.entries(en))
    for (const [id, template] of Object.entries(messages))
      for (const code of template.match(/\bDM\d{3}\b|cuda:\{\w+\}|max_memory|device_map/g) ?? [])
        if (!ZH_CN[owner]![id]!.includes(code)) lost.push(`${owner}.${id}: ${code}`);
  assert.deepEqual(lost, []);
});
