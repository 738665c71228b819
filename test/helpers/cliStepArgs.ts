/** The `device-map estimate` / `plan` step flags that spell an estimate mode (the inverse of src/cli/stepFlags.ts). */
import type { EstimateMode } from '../../src/core/index';

export function cliStepArgs(m: EstimateMode): string[] {
  switch (m.kind) {
    case 'load':
      return ['--mode', 'load'];
    case 'forward':
      return ['--mode', 'forward', '--batch', String(m.batch), '--seq', String(m.seq)];
    case 'generate':
      return ['--mode', 'generate', '--batch', String(m.batch), '--seq', String(m.prompt), '--new-tokens', String(m.newTokens)];
    case 'train-lora':
      return [
        '--mode',
        'train-lora',
        '--batch',
        String(m.batch),
        '--seq',
        String(m.seq),
        '--lora-r',
        String(m.rank),
        '--lora-targets',
        m.targets.join(','),
      ];
    case 'train-full':
      return [
        '--mode',
        'train-full',
        '--batch',
        String(m.batch),
        '--seq',
        String(m.seq),
        ...(m.gradientCheckpointing ? ['--gradient-checkpointing'] : []),
      ];
  }
}
