/** CodeLens above each map: per-card peaks of the estimate (the same as DM011 and the status bar), the launch when known, and "Open layout" (command `deviceMapStudio.openLayout`, args `[mapIndex]`). */
import type { AnalysisEnv, CodeLensInfo, SourceDocument } from './api';
import { factsOf } from './analyze';
import { concreteMap } from './concrete';
import { buildContext, sizeOptionsOf } from './context';
import { bytes } from './format';
import { estimateSummary } from './perCard';
import { estimateModeOf } from './estimateChoice';
import { estimateSay } from './estimateWords';
import { launchText } from './launchSummary';

export const OPEN_LAYOUT_COMMAND = 'deviceMapStudio.openLayout';

export function codeLenses(doc: SourceDocument, env: AnalysisEnv): CodeLensInfo[] {
  const facts = factsOf(doc);
  const out: CodeLensInfo[] = [];
  facts.maps.forEach((map, i) => {
    if (!map.reachesModel) return;
    const span = map.callSpan ?? map.span;
    const ctx = buildContext(doc, env, facts, map, i);
    const concrete = concreteMap(ctx);
    if (ctx.tree && concrete && concrete.size > 0) {
      const s = estimateSummary(ctx.tree, concrete, env.setup, estimateModeOf(env, facts), sizeOptionsOf(map));
      const parts = s.cards.map((c) => `${c.label} ${bytes(c.total)}${c.capacity !== undefined ? ` / ${bytes(c.capacity)}` : ''}`);
      out.push({ span, title: parts.join(' · ') });
    } else if (ctx.lookup.status === 'pending') {
      out.push({ span, title: estimateSay.text('resolvingModel', {}) });
    }
    // How the script is launched, and where that was read (the same words as the hover).
    if (env.launch) out.push({ span, title: launchText(env.launch) });
    out.push({ span, title: estimateSay.text('openLayout', {}), command: { id: OPEN_LAYOUT_COMMAND, args: [i] } });
  });
  return out;
}
