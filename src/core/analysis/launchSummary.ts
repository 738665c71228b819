/**
 * What the hover and the CodeLens say about how a script is launched (issue 12): how many
 * processes and where that came from ("2 processes, from run.sh:3 (torchrun --nproc_per_node 2)"),
 * and, for a map that depends on the rank, the cards each rank uses (the same sets DM021 judges).
 */
import type { LaunchContext } from './api';
import type { FoundDeviceMap } from '../text/types';
import { rankGpus } from './rules/dm021RankCards';
import { voice } from './messages';

export const LAUNCH_MESSAGES = {
  oneProcess: '1 process',
  processes: '{count} processes',
  oneVisibleCard: '1 visible card',
  visibleCards: '{count} visible cards',
  from: '{count}, from {source}',
  fromCommand: '{count}, from {source} ({command})',
  withExtras: '{launch}; {extras}',
  listSeparator: ', ',
  rankCards: 'rank {rank}: {cards}',
  rankNotKnown: 'not known',
  rankNoGpu: 'no GPU',
  rankSeparator: ' · ',
  hoverLaunch: '**Launch:** {text}',
  hoverRanks: '**Cards per rank:** {text}',
} as const;

const say = voice('launch', LAUNCH_MESSAGES);

export function launchText(launch: LaunchContext): string {
  const count = launch.processes === 1 ? say.text('oneProcess', {}) : say.text('processes', { count: launch.processes });
  const visible = launch.visibleDevices;
  const extras = [
    ...(visible !== undefined ? [visible === 1 ? say.text('oneVisibleCard', {}) : say.text('visibleCards', { count: visible })] : []),
    ...(launch.bypass ? ['ACCELERATE_BYPASS_DEVICE_MAP=true'] : []),
  ];
  const base = launch.command
    ? say.text('fromCommand', { count, source: launch.from, command: launch.command })
    : say.text('from', { count, source: launch.from });
  return extras.length ? say.text('withExtras', { launch: base, extras: extras.join(say.text('listSeparator', {})) }) : base;
}

/** `rank 0: cuda:0, cuda:1 · rank 1: cuda:2, cuda:3` for the launch's ranks, when the map depends on the rank. */
export function rankCardsText(map: FoundDeviceMap, launch: LaunchContext | undefined): string | undefined {
  if (!map.ranks) return undefined;
  const count = Math.min(launch?.processes ?? map.ranks.length, map.ranks.length);
  const parts = map.ranks.slice(0, count).map((v) => {
    const gpus = rankGpus(v);
    const cards =
      gpus === undefined
        ? say.text('rankNotKnown', {})
        : gpus.length === 0
          ? say.text('rankNoGpu', {})
          : gpus.map((g) => `cuda:${g}`).join(', ');
    return say.text('rankCards', { rank: v.rank, cards });
  });
  return parts.join(say.text('rankSeparator', {}));
}

/** The Markdown block the hovers end with: the launch, and the cards per rank. */
export function launchHover(map: FoundDeviceMap, launch: LaunchContext | undefined): string | undefined {
  const ranks = rankCardsText(map, launch);
  const lines = [
    ...(launch ? [say.text('hoverLaunch', { text: launchText(launch) })] : []),
    ...(ranks ? [say.text('hoverRanks', { text: ranks })] : []),
  ];
  return lines.length ? lines.join('\n\n') : undefined;
}
