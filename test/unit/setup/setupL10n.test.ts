// The New Setup flow's words through the injected translator (issue 15): with the zh-cn bundle
// the questions and picks are Chinese, and English again once the translator is removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSetupFlow } from '../../../src/extension/setup/flow';
import { processChoices } from '../../../src/extension/setup/choiceSteps';
import { useSetupTranslator } from '../../../src/extension/setup/setupL10n';
import { REPO_ROOT } from '../../helpers/fixtures';
import { cancel, FakeDriver } from './fakeDriver';
import { fakeServices } from './fakeServices';

const zh: Record<string, string> = JSON.parse(readFileSync(join(REPO_ROOT, 'l10n/bundle.l10n.zh-cn.json'), 'utf8'));
/** What vscode.l10n.t does with a bundle: the translation (else the message), `{n}` filled. */
const fromBundle = (message: string, ...args: Array<string | number | boolean>): string =>
  (zh[message] ?? message).replace(/\{(\d+)\}/g, (w, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : w));

test('with the zh-cn bundle the first question and the process picks are Chinese; English again without it', async () => {
  useSetupTranslator(fromBundle);
  try {
    const driver = new FakeDriver([cancel]);
    assert.equal((await runSetupFlow(driver, fakeServices())).kind, 'cancelled');
    assert.equal(driver.asked[0]!.title, '新建配置（1/6）：模型');
    assert.deepEqual(
      processChoices(4).map((c) => c.label),
      ['单个进程', '2 个进程 × 每个 2 张卡', '4 个进程，数据并行'],
    );
    assert.equal(processChoices(4)[0]!.detail, '模型切分到 4 张卡上（device_map）');
  } finally {
    useSetupTranslator(undefined);
  }
  const driver = new FakeDriver([cancel]);
  await runSetupFlow(driver, fakeServices());
  assert.equal(driver.asked[0]!.title, 'New Setup (1/6): Model');
  assert.equal(processChoices(4)[1]!.label, '2 processes × 2 cards');
});
