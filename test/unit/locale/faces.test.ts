/**
 * zh-cn over the whole fixture corpus and the other faces of the core: the same findings
 * (codes, spans, severities, fixes), every fill with exactly its template's placeholders, and
 * hover, CodeLens and completion worded in Chinese.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analysis/analyze';
import { codeActionsFor } from '../../../src/core/analysis/codeActions';
import { hoverAt } from '../../../src/core/analysis/hover';
import { codeLenses } from '../../../src/core/analysis/codeLens';
import { completeAt } from '../../../src/core/analysis/completion';
import { watchFills, type FillMismatch } from '../../../src/core/analysis/messages';
import { setMessageLocale } from '../../../src/core/locale/select';
import { exampleNames, loadExample } from '../analysis/exampleEnv';
import { withCursor } from '../analysis/cursor';
import { envWith, fixtureModel, gpus, tinyLlama } from '../analysis/helpers';

const HAN = /[\u4e00-\u9fff]/;

/** Every finding of the corpus with its fix titles, in the locale set. */
function corpusFindings(): Array<{
  name: string;
  code: string;
  severity: string;
  start: number;
  end: number;
  message: string;
  fixes: string[];
}> {
  return exampleNames().flatMap((name) => {
    const ex = loadExample(name);
    const all = analyzeDocument(ex.doc, ex.env).findings;
    return all.map((f) => ({
      name,
      code: f.code,
      severity: f.severity,
      start: f.start,
      end: f.end,
      message: f.message,
      fixes: codeActionsFor(ex.doc, f, all, ex.env).map((a) => a.title),
    }));
  });
}

test('zh-cn: the same findings and fixes as English, every one worded in Chinese, every fill complete', () => {
  const en = corpusFindings();
  const mismatches: FillMismatch[] = [];
  watchFills((m) => mismatches.push(m));
  let zh;
  try {
    setMessageLocale('zh-cn');
    zh = corpusFindings();
  } finally {
    setMessageLocale(undefined);
    watchFills(undefined);
  }
  assert.ok(en.length > 20, `the corpus raises findings (${en.length})`);
  const shape = (fs: typeof en) => fs.map((f) => `${f.name} ${f.code} ${f.severity} ${f.start}-${f.end} fixes:${f.fixes.length}`);
  assert.deepEqual(shape(zh), shape(en));
  assert.deepEqual(mismatches, []);
  const english = zh.filter((f) => !HAN.test(f.message) || f.fixes.some((t) => !HAN.test(t)));
  assert.deepEqual(
    english.map((f) => `${f.name} ${f.code}: ${f.message} | ${f.fixes.join(' | ')}`),
    [],
  );
  assert.equal(corpusFindings()[0]!.message, en[0]!.message, 'English again after the switch back');
});

test('zh-cn: hover, CodeLens and completion details in Chinese', () => {
  const CALL = 'model = AutoModelForCausalLM.from_pretrained("tiny", ';
  const env = envWith(fixtureModel('llama-2-7b'), gpus(2));
  setMessageLocale('zh-CN');
  try {
    const key = withCursor(
      `${CALL}dtype=torch.float16, device_map={\n    "model.embed_tokens": 0,\n    "model.lay|ers": 0,\n    "model.norm": 1,\n    "lm_head": 1,\n})`,
    );
    const h = hoverAt(key.doc, key.offset, env)!.markdown;
    assert.match(h, /个参数/);
    assert.match(h, /\*\*cuda:0\*\* 峰值 .*（权重 .* \+ KV 缓存 .* \+ CUDA 上下文 .*）/);
    const map = withCursor(`${CALL}device_map={| "model.embed_tokens": 0, "model.layers": 0, "model.norm": 1, "lm_head": 1})`);
    assert.match(hoverAt(map.doc, map.offset, env)!.markdown, /\| 设备 \| 键数 \| 权重 \|/);
    const lenses = codeLenses(map.doc, envWith(tinyLlama(), gpus(2)));
    assert.ok(lenses.some((l) => l.title === '打开布局'));
    const strategy = withCursor(`${CALL}device_map="bal|")`);
    const items = completeAt(strategy.doc, strategy.offset, env);
    assert.ok(items.length > 0 && items.every((i) => HAN.test(String(i.documentation ?? ''))), 'strategy docs in Chinese');
  } finally {
    setMessageLocale(undefined);
  }
});
