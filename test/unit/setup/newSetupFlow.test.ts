// The New Setup flow's state machine with a scripted driver: next, back and cancel at every
// step and sub-question, bad input asked again with its reason, and the does-not-fit alternatives.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runSetupFlow } from '../../../src/extension/setup/flow';
import { processChoices } from '../../../src/extension/setup/choiceSteps';
import { back, cancel, FakeDriver, folder, pick, type, typeInPick } from './fakeDriver';
import { FITS, fakeServices } from './fakeServices';

const LLAMA = 'meta-llama/Llama-2-7b-hf';
/** One answer per step of the e2e's case: catalogue Llama-2-7B, two RTX 4090s, LoRA, studio, one process, Python, the workspace. */
const HAPPY = [
  pick(LLAMA),
  pick('RTX 4090'),
  type('2'),
  pick('LoRA'),
  pick('Studio planner'),
  pick('One process'),
  pick('Python script'),
  pick('The workspace folder'),
];

describe('New Setup flow', () => {
  test('six steps titled "New Setup (n/6)", then the plan for the answers given', async () => {
    const driver = new FakeDriver([...HAPPY]);
    const services = fakeServices();
    const r = await runSetupFlow(driver, services);
    assert.equal(r.kind, 'done');
    assert.equal(driver.remaining, 0);
    const steps = driver.asked.map((a) => /^New Setup \((\d)\/6\)/.exec(a.title)?.[1]);
    assert.deepEqual(steps, ['1', '2', '2', '3', '4', '5', '6', '6']);
    assert.equal(driver.asked[0]!.canGoBack, false);
    assert.ok(driver.asked.slice(1).every((a) => a.canGoBack));
    assert.equal(services.planned.length, 1);
    const a = services.planned[0]!;
    assert.equal(a.model.name, LLAMA);
    assert.equal(a.cards.spec, '2xrtx4090');
    assert.equal(a.cards.gpus.length, 2);
    assert.deepEqual(
      [a.task, a.strategy, a.processes, a.output],
      ['lora', 'studio', { processes: 1, cardsPerProcess: 2 }, { format: 'python', dir: '/ws' }],
    );
    if (r.kind === 'done') assert.deepEqual(r.files, FITS.fits ? FITS.files : []);
  });

  test('Escape at every question ends the flow with nothing planned', async () => {
    for (let at = 0; at < HAPPY.length; at++) {
      const driver = new FakeDriver([...HAPPY.slice(0, at), cancel]);
      const services = fakeServices();
      const r = await runSetupFlow(driver, services);
      assert.equal(r.kind, 'cancelled', `Escape at question ${at + 1}`);
      assert.equal(services.planned.length, 0);
      assert.equal(driver.remaining, 0);
    }
  });

  test('Back at every question asks the one before again, with the last answer highlighted', async () => {
    // Back at question `at` asks again from question RESUME[at]: the step before, or (from a sub-question:
    // the card count, the folder) its own step's list. Answering again leads on to the end.
    const RESUME = [NaN, 0, 1, 1, 3, 4, 5, 6];
    for (let at = 1; at < HAPPY.length; at++) {
      const driver = new FakeDriver([...HAPPY.slice(0, at), back, ...HAPPY.slice(RESUME[at])]);
      const services = fakeServices();
      const r = await runSetupFlow(driver, services);
      assert.equal(r.kind, 'done', `Back at question ${at + 1}`);
      assert.equal(driver.remaining, 0, `Back at question ${at + 1}`);
      assert.equal(services.planned[0]!.strategy, 'studio');
    }
  });

  test('coming back to a step highlights its answer', async () => {
    const driver = new FakeDriver([...HAPPY.slice(0, 5), back, back, ...HAPPY.slice(3)]);
    await runSetupFlow(driver, fakeServices());
    const task = driver.asked.filter((a) => a.title.includes('(3/6)'));
    assert.equal(task.length, 2);
    assert.equal(task[0]!.active, undefined);
    assert.equal(task[1]!.active, 'lora');
    const placement = driver.asked.filter((a) => a.title.includes('(4/6)'));
    assert.equal(placement[1]!.active, 'studio');
  });

  test('a Hub id that does not resolve: the reason, and the box again with the id', async () => {
    const driver = new FakeDriver([pick('Type a Hub id'), type('nobody/no-such-model'), type(LLAMA), ...HAPPY.slice(1)]);
    const r = await runSetupFlow(driver, fakeServices());
    assert.equal(r.kind, 'done');
    const again = driver.asked[2]!;
    assert.equal(again.kind, 'input');
    assert.match(again.problem ?? '', /"nobody\/no-such-model" is not on the Hub \(404\)/);
    assert.equal(again.value, 'nobody/no-such-model');
  });

  test('a Hub id typed straight into the model list is resolved; one that does not resolve is said there', async () => {
    const driver = new FakeDriver([typeInPick('nobody/nothing'), typeInPick(LLAMA), ...HAPPY.slice(1)]);
    const services = fakeServices();
    assert.equal((await runSetupFlow(driver, services)).kind, 'done');
    assert.match(driver.asked[1]!.problem ?? '', /"nobody\/nothing" is not on the Hub/);
    assert.equal(services.planned[0]!.model.name, LLAMA);
  });

  test('Back from the Hub id box returns to the model list; an empty id is refused by the box', async () => {
    const driver = new FakeDriver([pick('Type a Hub id'), back, ...HAPPY]);
    assert.equal((await runSetupFlow(driver, fakeServices())).kind, 'done');
    assert.deepEqual(
      driver.asked.slice(0, 3).map((a) => a.kind),
      ['pick', 'input', 'pick'],
    );
    await assert.rejects(runSetupFlow(new FakeDriver([pick('Type a Hub id'), type('  ')]), fakeServices()), /would not accept/);
  });

  test('a folder dialog closed without a folder asks for the model again', async () => {
    const driver = new FakeDriver([pick('Choose a local folder'), folder(undefined), ...HAPPY]);
    assert.equal((await runSetupFlow(driver, fakeServices())).kind, 'done');
  });

  test('a model folder that does not resolve is said, and the model asked again', async () => {
    const driver = new FakeDriver([pick('Choose a local folder'), folder('/nowhere/ckpt'), ...HAPPY]);
    assert.equal((await runSetupFlow(driver, fakeServices())).kind, 'done');
    assert.match(driver.asked[2]!.problem ?? '', /"\/nowhere\/ckpt" is not on the Hub/);
    assert.equal(driver.asked[2]!.title, driver.asked[0]!.title);
  });

  test('models from the Hugging Face cache come first, then the catalogue', async () => {
    const driver = new FakeDriver([cancel]);
    await runSetupFlow(driver, fakeServices({ cached: ['Qwen/Qwen2.5-7B', 'acme/private-7b'] }));
    const labels = driver.asked[0]!.labels;
    assert.deepEqual(labels.slice(2, 4), ['Qwen/Qwen2.5-7B', 'acme/private-7b']);
    assert.ok(labels.lastIndexOf('Qwen/Qwen2.5-7B') > 3, 'the catalogue lists it again');
    assert.ok(labels.indexOf(LLAMA) > 3);
  });

  test("a typed card spec with a typo: the parser's message, and the box again", async () => {
    const driver = new FakeDriver([HAPPY[0]!, pick('Type the cards'), type('2x24GiBB'), type('2x24GiB'), ...HAPPY.slice(3)]);
    const services = fakeServices();
    assert.equal((await runSetupFlow(driver, services)).kind, 'done');
    assert.match(driver.asked[3]!.problem ?? '', /"24GiBB" is neither a GPU preset .* nor a size such as 24GiB/);
    assert.equal(services.planned[0]!.cards.spec, '2x24GiB');
  });

  test('no GPU detected: the reason, and the cards asked again; detected cards are taken as they are', async () => {
    const none = new FakeDriver([HAPPY[0]!, pick("This machine's cards"), cancel]);
    assert.equal((await runSetupFlow(none, fakeServices())).kind, 'cancelled');
    assert.match(none.asked[2]!.problem ?? '', /no GPU was detected \(nvidia-smi: not found\)/);
    const services = fakeServices({ detected: 4 });
    const some = new FakeDriver([
      HAPPY[0]!,
      pick("This machine's cards"),
      ...HAPPY.slice(3, 5),
      pick('2 processes × 2 cards'),
      ...HAPPY.slice(6),
    ]);
    assert.equal((await runSetupFlow(some, services)).kind, 'done');
    assert.equal(services.planned[0]!.cards.source, 'detected by nvidia-smi');
    assert.deepEqual(services.planned[0]!.processes, { processes: 2, cardsPerProcess: 2 });
  });

  test('a placement that does not fit is marked in the preview', async () => {
    const driver = new FakeDriver([...HAPPY.slice(0, 4), cancel]);
    await runSetupFlow(driver, fakeServices());
    assert.deepEqual(driver.asked[4]!.labels, ['Studio planner', '$(warning) sequential']);
  });

  test("does not fit: the core's message, its alternatives as picks; the one chosen is planned", async () => {
    const misfit = {
      fits: false as const,
      message: 'LoRA needs 31.2 GiB on cuda:0, which has 23.6 GiB',
      alternatives: [
        { label: 'QLoRA 4-bit instead of LoRA', detail: 'cuda:0 9.1 / 23.6 GiB', change: { task: 'qlora' as const } },
        { label: 'CPU offload', detail: 'slow', change: { cpuOffload: 2 ** 40 } },
      ],
      canForce: false,
    };
    const services = fakeServices({ plans: [misfit, FITS] });
    const driver = new FakeDriver([...HAPPY, pick('QLoRA 4-bit instead')]);
    const r = await runSetupFlow(driver, services);
    assert.equal(r.kind, 'done');
    const asked = driver.asked.at(-1)!;
    assert.equal(asked.problem, misfit.message);
    assert.deepEqual(asked.labels, [
      '$(lightbulb) QLoRA 4-bit instead of LoRA',
      '$(lightbulb) CPU offload',
      '$(arrow-left) Change the placement',
    ]);
    assert.deepEqual(
      services.planned.map((p) => p.task),
      ['lora', 'qlora'],
    );
  });

  test('does not fit: Escape writes nothing; "Change the placement" asks the placement again', async () => {
    const misfit = { fits: false as const, message: 'too big', alternatives: [], canForce: false };
    const gone = await runSetupFlow(new FakeDriver([...HAPPY, cancel]), fakeServices({ plans: [misfit] }));
    assert.equal(gone.kind, 'cancelled');
    const driver = new FakeDriver([...HAPPY, pick('Change the placement'), ...HAPPY.slice(4)]);
    const r = await runSetupFlow(driver, fakeServices({ plans: [misfit, FITS] }));
    assert.equal(r.kind, 'done');
    assert.match(driver.asked[HAPPY.length + 1]!.title, /^New Setup \(4\/6\)/);
  });

  test('output: a chosen folder, or the question again when the dialog is closed', async () => {
    const services = fakeServices();
    const driver = new FakeDriver([
      ...HAPPY.slice(0, 7),
      pick('Choose a folder'),
      folder(undefined),
      pick('Choose a folder'),
      folder('/elsewhere'),
    ]);
    assert.equal((await runSetupFlow(driver, services)).kind, 'done');
    assert.equal(services.planned[0]!.output.dir, '/elsewhere');
    assert.equal(driver.asked.at(-2)!.problem, 'No folder was chosen.');
  });
});

describe('process choices', () => {
  test('one process over every card, then each even split', () => {
    assert.deepEqual(
      processChoices(4).map((c) => [c.label, c.value.processes, c.value.cardsPerProcess]),
      [
        ['One process', 1, 4],
        ['2 processes × 2 cards', 2, 2],
        ['4 processes, data parallel', 4, 1],
      ],
    );
    assert.deepEqual(
      processChoices(1).map((c) => c.value),
      [{ processes: 1, cardsPerProcess: 1 }],
    );
  });
});
