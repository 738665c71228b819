/**
 * torchrun / accelerate launch scripts that start the setup's Python script with
 * its processes. `device-map check` reads such a script next to the Python file
 * (DM019, DM020), so the process count it checks is the one written here.
 * Hybrid runs export ACCELERATE_BYPASS_DEVICE_MAP=true: accelerate 1.15
 * `Accelerator.prepare_model` refuses a multi-entry map in distributed mode otherwise.
 */
import type { SetupFile } from '../types';
import type { SetupPlanCore } from './context';
import { scriptName } from './python';
import { continued, header, visibleCards } from './shellWords';

function env(p: SetupPlanCore): string[] {
  const out = [`export CUDA_VISIBLE_DEVICES=${visibleCards(p)}`];
  if (p.request.processes > 1 && p.request.layout === 'hybrid') out.push('export ACCELERATE_BYPASS_DEVICE_MAP=true');
  return [...out, ''];
}

export function torchrunScript(p: SetupPlanCore): SetupFile {
  const n = p.request.processes;
  const lines = [
    ...header(p, `torchrun, ${n} process${n > 1 ? 'es' : ''}`),
    ...env(p),
    `torchrun --nproc_per_node ${n} ${scriptName(p)}`,
    '',
  ];
  return { relativePath: 'launch_torchrun.sh', languageId: 'shellscript', content: lines.join('\n') };
}

export function accelerateScript(p: SetupPlanCore): SetupFile {
  const n = p.request.processes;
  const args = [...(n > 1 ? ['--multi_gpu'] : []), `--num_processes ${n}`, '--num_machines 1', scriptName(p)];
  const lines = [
    ...header(p, `accelerate launch, ${n} process${n > 1 ? 'es' : ''}`),
    ...env(p),
    ...continued('accelerate launch', args),
    '',
  ];
  return { relativePath: 'launch_accelerate.sh', languageId: 'shellscript', content: lines.join('\n') };
}
