/**
 * Step 6, what to write and where: the formats the core writes for this many
 * processes (Python script, JSON map, ms-swift shell script, a launch script),
 * then the workspace folder or a folder chosen.
 */
import type { Choice } from './driver';
import { leave, question, type FlowContext, type StepResult } from './flowContext';
import { l10n } from './setupL10n';

const STEP = 6;
const stepName = (): string => l10n.t('Files');

type Where = { readonly kind: 'dir'; readonly dir: string } | { readonly kind: 'choose' };

async function where(ctx: FlowContext, format: string): Promise<StepResult | 'again'> {
  const workspace = ctx.services.workspaceFolder();
  const choices: Choice<Where>[] = [
    ...(workspace
      ? [
          {
            label: `$(root-folder) ${l10n.t('The workspace folder')}`,
            description: workspace,
            value: { kind: 'dir', dir: workspace } as const,
          },
        ]
      : []),
    { label: `$(folder-opened) ${l10n.t('Choose a folder…')}`, value: { kind: 'choose' } },
  ];
  let problem: string | undefined;
  for (;;) {
    const a = await ctx.driver.pick<Where>({
      ...question(STEP, stepName(), l10n.t('Where to write the files'), problem),
      canGoBack: true,
      choices,
    });
    if (a.kind === 'back') return 'again';
    if (a.kind === 'cancel') return 'cancel';
    const dir = a.value.kind === 'dir' ? a.value.dir : await ctx.driver.chooseFolder(l10n.t('New Setup: the folder for the files'));
    if (dir === undefined) {
      problem = l10n.t('No folder was chosen.');
      continue;
    }
    ctx.answers.output = { format, dir };
    return 'next';
  }
}

export async function outputStep(ctx: FlowContext): Promise<StepResult> {
  const processes = ctx.answers.processes;
  if (!processes) return 'back';
  const choices: Choice<string>[] = ctx.services.core
    .formats({ processes })
    .map((f) => ({ label: f.label, detail: f.detail, value: f.format }));
  for (;;) {
    const now = ctx.answers.output?.format;
    const a = await ctx.driver.pick<string>({
      ...question(STEP, stepName(), l10n.t('What to write')),
      choices,
      ...(now && choices.some((c) => c.value === now) ? { active: now } : {}),
    });
    if (a.kind !== 'value') return leave(a);
    const r = await where(ctx, a.value);
    if (r !== 'again') return r;
  }
}
