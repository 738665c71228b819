/**
 * `--gpus` for `check`, `plan` and `estimate`: a list (`2x24GiB`, `4xa100-80`) or
 * `detect`: the cards of this machine (src/node/gpuHost), said on stderr so JSON on
 * stdout stays clean.
 */
import { DEFAULT_SETUP, describeSetupGpus, parseGpusFlag, withDetectedGpus, type MachineSetup } from '../core/index';
import { detectGpus } from '../node/gpuHost/detect';
import { UsageError } from './args';
import type { CliIO } from './io';

export const GPUS_FLAG_HELP = '--gpus <2x24GiB|4xa100-80|detect>';

export async function setupFromGpusFlag(spec: string | undefined, io: CliIO): Promise<MachineSetup> {
  if (spec === undefined) return DEFAULT_SETUP;
  if (spec.trim().toLowerCase() === 'detect') {
    const d = await detectGpus({ env: io.env });
    const setup = withDetectedGpus(DEFAULT_SETUP, d);
    io.err(
      d.gpus.length
        ? `GPUs: ${describeSetupGpus(setup)} via ${d.source}`
        : `--gpus detect: ${d.reason ?? 'no GPU found'}; checking without GPU capacities`,
    );
    return setup;
  }
  const { gpus, errors } = parseGpusFlag(spec);
  if (errors.length > 0) throw new UsageError(`--gpus: ${errors[0]}`);
  return { ...DEFAULT_SETUP, gpus };
}
