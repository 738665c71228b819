/**
 * `device-map check DIR` judges a project (issue 12): the launch scripts, accelerate configs and
 * launch.json anywhere in the tree are read with the scripts they start, wherever the two sit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cli } from '../helpers/cli';
import { REPO_ROOT } from '../helpers/fixtures';

const MODEL = '"../models/tiny-llama"';
const TRAIN = `from transformers import AutoModelForCausalLM, Trainer, TrainingArguments\n\nmodel = AutoModelForCausalLM.from_pretrained(${MODEL}, device_map="auto")\nTrainer(model=model, args=TrainingArguments(output_dir="out"), train_dataset=None).train()\n`;
const INFER = `from transformers import AutoModelForCausalLM\n\nmodel = AutoModelForCausalLM.from_pretrained(${MODEL}, device_map="auto")\n`;
const HYBRID = `import os\nfrom transformers import AutoModelForCausalLM\n\nrank = int(os.environ["LOCAL_RANK"])\nmodel = AutoModelForCausalLM.from_pretrained(${MODEL}, device_map="auto", max_memory={rank: "8GiB", rank + 1: "8GiB"})\n`;

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dms-project-'));
  cpSync(join(REPO_ROOT, 'test/fixtures/analysis/models/tiny-llama'), join(dir, 'models/tiny-llama'), { recursive: true });
  const qlora = readFileSync(join(REPO_ROOT, 'test/fixtures/analysis/dm020_qlora_card0.py'), 'utf8').replace(
    '"./models/tiny-llama"',
    MODEL,
  );
  const files: Record<string, string> = {
    'src/train.py': TRAIN,
    'src/infer.py': INFER,
    'src/qlora.py': qlora,
    'tools/hybrid.py': HYBRID,
    // Run from the project root: `bash scripts/train_ddp.sh`.
    'scripts/train_ddp.sh': '#!/bin/bash\nset -e\nexport CUDA_VISIBLE_DEVICES=0,1\ntorchrun --nproc_per_node 2 src/train.py --epochs 1\n',
    'scripts/qlora.sh': 'accelerate launch --config_file configs/ddp.yaml src/qlora.py\ntorchrun --nproc_per_node 2 src/gone.py\n',
    'configs/ddp.yaml': 'distributed_type: MULTI_GPU\nnum_machines: 1\nnum_processes: 2\ngpu_ids: all\n',
    '.vscode/launch.json': JSON.stringify({
      configurations: [
        { name: 'hybrid', module: 'torch.distributed.run', args: ['--nproc_per_node', '2', '${workspaceFolder}/tools/hybrid.py'] },
      ],
    }),
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

interface Report {
  files: Array<{ path: string; diagnostics: Array<{ code: string; severity: string; line: number; message: string }> }>;
}

async function checkTree(cwd: string, target: string) {
  const r = await cli(['check', target, '--gpus', '4x24GiB', '--json'], cwd, { HF_HOME: join(cwd, 'no-hf-home') });
  const report = JSON.parse(r.stdout) as Report;
  return {
    code: r.code,
    byFile: Object.fromEntries(report.files.map((f) => [f.path, f.diagnostics.map((d) => `${d.code}@${d.line}`)])),
    report,
  };
}

test('each script is judged with the launch that starts it, from anywhere in the tree', async () => {
  const dir = tree();
  const { code, byFile, report } = await checkTree(dir, '.');
  assert.equal(code, 1);
  assert.deepEqual(byFile['src/train.py'], ['DM019@3']);
  const qloraLine =
    readFileSync(join(dir, 'src/qlora.py'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('device_map={"": 0}')) + 1;
  assert.deepEqual(byFile['src/qlora.py'], [`DM020@${qloraLine}`]);
  assert.deepEqual(byFile['src/infer.py'], [], 'inference under no launch: "auto" is fine');
  assert.deepEqual(byFile['tools/hybrid.py'], ['DM021@5']);
  const msg = (p: string) => report.files.find((f) => f.path === p)!.diagnostics[0]!.message;
  assert.match(msg('src/train.py'), /trained in 2 processes \(scripts\/train_ddp\.sh:4\)/);
  assert.match(msg('src/qlora.py'), /Every one of the 2 processes \(scripts\/qlora\.sh:1\)/);
  assert.match(msg('tools/hybrid.py'), /Ranks share cards \(2 processes, launch\.json:1\): cuda:1 by ranks 0 and 1/);
});

test('the same file checked alone, with no launch beside it, gets no launch verdict; checking the tree gives it one', async () => {
  const dir = tree();
  const alone = await checkTree(dir, 'src/train.py');
  assert.deepEqual(alone.byFile['src/train.py'], []);
  const sub = await checkTree(dir, '.');
  assert.deepEqual(sub.byFile['src/train.py'], ['DM019@3']);
});

test('--processes 1 overrides every launch in the tree', async () => {
  const dir = tree();
  const r = await cli(['check', '.', '--gpus', '4x24GiB', '--json', '--processes', '1'], dir, { HF_HOME: join(dir, 'none') });
  const report = JSON.parse(r.stdout) as Report;
  assert.deepEqual(
    report.files.flatMap((f) => f.diagnostics.map((d) => d.code)),
    [],
  );
});
