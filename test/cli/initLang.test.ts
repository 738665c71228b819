/**
 * `device-map init --lang zh-cn` (issue 15): a setup that does not fit says so in Chinese with
 * the same numbers as in English (the core's limits, its alternatives, the CLI's own lines);
 * the files it would write stay English code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../helpers/cli';
import { offlineEnv } from '../helpers/setupCheck';

const env = offlineEnv();
const fresh = (): string => mkdtempSync(join(tmpdir(), 'dms-init-lang-'));
const TOO_BIG = ['init', '--model', 'meta-llama/Llama-2-13b-hf', '--gpus', '2xt4', '--task', 'lora'];
/** Every figure of a text, in order: sizes, devices and counts. */
const figures = (text: string): string[] => [...text.matchAll(/\d+(?:\.\d+)?/g)].map((m) => m[0]);
const line = (text: string, start: RegExp): string => text.split('\n').find((l) => start.test(l)) ?? '';

test('init --lang zh-cn: the limits and what would fit in Chinese, with the same numbers as in English', async () => {
  const en = await cli(TOO_BIG, fresh(), env);
  const zh = await cli([...TOO_BIG, '--lang', 'zh-cn'], fresh(), env);
  assert.equal(en.code, 1, en.stderr);
  assert.equal(zh.code, 1, zh.stderr);
  const enLimits = line(en.stdout, /^does not fit: /);
  const zhLimits = line(zh.stdout, /^放不下：/);
  assert.match(enLimits, /are left over: it takes 3 such cards\.$/);
  assert.match(zhLimits, /^放不下：meta-llama\/Llama-2-13b-hf \(LlamaForCausalLM\) 放不进 2 × T4 16 GB（14\.56 GiB） 做LoRA 微调/);
  assert.match(zhLimits, /（另加 5\.00 GiB 训练预留）/);
  assert.match(zhLimits, /需要 3 张这样的卡。$/);
  assert.doesNotMatch(zhLimits, /does not fit|left over|training reserve/);
  assert.deepEqual(figures(zhLimits), figures(enLimits));

  const enAlts = en.stdout.split('\n').filter((l) => l.startsWith('would fit: '));
  const zhAlts = zh.stdout.split('\n').filter((l) => l.startsWith('可以放下：'));
  assert.ok(enAlts.length >= 2, en.stdout);
  assert.equal(zhAlts.length, enAlts.length);
  assert.ok(
    zhAlts.some((l) => l.startsWith('可以放下：用 QLoRA（4 位）代替 LoRA 微调 —— cuda:0：')),
    zh.stdout,
  );
  assert.ok(
    zhAlts.some((l) => l.startsWith('可以放下：3 张卡（再加 1 张 T4 16 GB）')),
    zh.stdout,
  );
  assert.deepEqual(zhAlts.map(figures), enAlts.map(figures));
  assert.match(zh.stdout, /^没有写入任何文件（传入 --force 仍然写入）$/m);
});

test('init --lang zh-cn on a setup that fits: Chinese lines, English files', async () => {
  const dir = fresh();
  const args = ['init', '--model', 'meta-llama/Llama-3.2-1B', '--gpus', '2xrtx4090', '--task', 'lora', '--format', 'python'];
  const r = await cli([...args, '--lang', 'zh-cn'], dir, env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^已写入 train\.py$/m);
  assert.match(r.stdout, /^检查它们：device-map check \. --gpus 2xrtx4090$/m);
  const script = readFileSync(join(dir, 'train.py'), 'utf8');
  assert.match(script, /Written by Device Map Studio \(device-map init\)/);
  assert.doesNotMatch(script, /[\u4e00-\u9fff]/, 'the script stays English code');
});
