/**
 * What the hover and the CodeLens say about how a script is launched (issue 12): how many
 * processes and where that came from ("2 processes, from run.sh:3 (torchrun --nproc_per_node 2)"),
 * and, for a map that depends on the rank, the cards each rank uses (the same sets DM021 judges).
 */
import type { LaunchContext } from './api';
import type { FoundDeviceMap } from '../text/types';
import { rankGpus } from './rules/dm021RankCards';

export function launchText(launch: LaunchContext): string {
  const count = `${launch.processes} process${launch.processes === 1 ? '' : 'es'}`;
  const extras = [
    ...(launch.visibleDevices !== undefined ? [`${launch.visibleDevices} visible card${launch.visibleDevices === 1 ? '' : 's'}`] : []),
    ...(launch.bypass ? ['ACCELERATE_BYPASS_DEVICE_MAP=true'] : []),
  ];
  return `${count}, from ${launch.from}${launch.command ? ` (${launch.command})` : ''}${extras.length ? `; ${extras.join(', ')}` : ''}`;
}

/** `rank 0: cuda:0, cuda:1 · rank 1: cuda:2, cuda:3` for the launch's ranks, when the map depends on the rank. */
export function rankCardsText(map: FoundDeviceMap, launch: LaunchContext | undefined): string | undefined {
  if (!map.ranks) return undefined;
  const count = Math.min(launch?.processes ?? map.ranks.length, map.ranks.length);
  const parts = map.ranks.slice(0, count).map((v) => {
    const gpus = rankGpus(v);
    return `rank ${v.rank}: ${gpus === undefined ? 'not known' : gpus.length === 0 ? 'no GPU' : gpus.map((g) => `cuda:${g}`).join(', ')}`;
  });
  return parts.join(' · ');
}

/** The Markdown block the hovers end with: the launch, and the cards per rank. */
export function launchHover(map: FoundDeviceMap, launch: LaunchContext | undefined): string | undefined {
  const ranks = rankCardsText(map, launch);
  const lines = [...(launch ? [`**Launch:** ${launchText(launch)}`] : []), ...(ranks ? [`**Cards per rank:** ${ranks}`] : [])];
  return lines.length ? lines.join('\n\n') : undefined;
}
