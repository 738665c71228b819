/**
 * `device-map gpus [--json]`: the cards of this machine as the checks see them
 * (indices after CUDA_VISIBLE_DEVICES & co.). No tool or no card is not an
 * error: an empty list, the reason, exit 0.
 */
import { cliSay } from '../messages';
import { detectGpus } from '../../node/gpuHost/detect';
import { deviceType, type GpuDetection } from '../../core/index';
import { parseArgs } from '../args';
import { EXIT_OK, type Command } from '../io';
import { renderTable } from '../table';

export const USAGE = 'device-map gpus [--json]';

const mib = (b: number | null): string => (b === null ? '?' : `${Math.round(b / 2 ** 20)}`);

/** The JSON document (`{"gpus": [...], "source": ...}`), one owner for its shape. */
export function gpusJson(d: GpuDetection): string {
  return JSON.stringify({ gpus: d.gpus, source: d.source, ...(d.reason ? { reason: d.reason } : {}) }, null, 2);
}

export const gpus: Command = async (argv, io) => {
  const args = parseArgs(argv, { booleans: ['json'] });
  const d = await detectGpus({ env: io.env });
  if (args.booleans.has('json')) {
    io.out(gpusJson(d));
    return EXIT_OK;
  }
  if (d.gpus.length === 0) {
    io.out(d.reason ?? cliSay.text('noGpuFound', {}));
    return EXIT_OK;
  }
  io.out(
    d.gpus.length === 1
      ? cliSay.text('cardsOne', { source: String(d.source) })
      : cliSay.text('cardsMany', { count: d.gpus.length, source: String(d.source) }),
  );
  io.out(
    renderTable(
      ['index', 'name', 'total MiB', 'used MiB', 'free MiB', 'uuid'],
      d.gpus.map((g) => [
        `${deviceType(d.source)}:${g.index}`,
        g.name,
        mib(g.memory_total),
        mib(g.memory_used),
        mib(g.memory_free),
        g.uuid ?? '',
      ]),
    ),
  );
  if (d.reason) io.out(d.reason);
  return EXIT_OK;
};
