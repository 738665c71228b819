/** `device-map sizes`: bytes of every module, as transformers' compute_module_sizes reports them. */
import { computeModuleSizes } from '../../core/index';
import { parseArgs } from '../args';
import { dtypeFlag, dtypeLabel, MODEL_FLAGS, quantizationFlag } from '../commonFlags';
import { EXIT_OK, type Command } from '../io';
import { loadModel, transformersFlag } from '../loadModel';
import { gib, renderTable } from '../table';
import { cliSay } from '../messages';

export const USAGE =
  'device-map sizes --model <dir|config.json|hub-id> [--loader AutoModel|<ClassName>] [--dtype bf16|fp16|fp32] [--transformers 4|5] [--quantization 4bit|8bit] [--json]';

export const sizes: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: MODEL_FLAGS, booleans: ['json'] });
  const tree = await loadModel(args.values.get('model'), io, transformersFlag(args.values.get('transformers')), args.values.get('loader'));
  const dtype = dtypeFlag(args.values.get('dtype'));
  const quantization = quantizationFlag(args.values.get('quantization'));
  const { sizes: moduleSizes } = computeModuleSizes(tree, { ...(dtype ? { dtype } : {}), ...(quantization ? { quantization } : {}) });
  if (args.booleans.has('json')) {
    io.out(JSON.stringify({ module_sizes: Object.fromEntries(moduleSizes) }, null, 2));
    return EXIT_OK;
  }
  // Readable form: the root and the modules down to block level, biggest picture first.
  const rows = [...moduleSizes]
    .filter(([name]) => name.split('.').length <= 3)
    .map(([name, bytes]) => [name === '' ? cliSay.text('total', {}) : name, gib(bytes)]);
  io.out(`${tree.className} (${tree.source}), ${dtypeLabel(dtype, tree)}${quantization ? `, ${quantization.method}` : ''}`);
  io.out(renderTable([cliSay.text('columnModule', {}), 'GiB'], rows));
  return EXIT_OK;
};
