/** Device maps in a Python file, found by running its statements statically over lezer's tree. */
import { budgetMessage } from './budget';
import type { DocumentFacts, DocumentProblem, FoundDeviceMap, Span } from '../types';
import { Env } from './env';
import { Evaluator } from './evaluate';
import { evalCall } from './evalOps';
import { cliDefaults } from './cliDefaults';
import { FinderState } from './finderState';
import { Interpreter } from './interpret';
import { isInferAutoDeviceMap } from './accelerateCalls';
import { loaderMap } from './loaderCall';
import { mapShape } from './mapValue';
import { parsePython } from './parseCache';
import { withRanks } from './perRank';
import { statementMemoFor, type StatementMemo } from './statementMemo';
import type { Tree } from '@lezer/common';
import { kids } from './syntax';
import type { PyVal } from './values';

/** `"0,1"` -> 2; `""` -> 0; anything not a string -> unknown. */
function countVisible(v: PyVal): number | undefined {
  if (v.t === 'int') return 1;
  if (v.t !== 'str') return undefined;
  return v.v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '').length;
}

/** `cacheKey` (the file name) lets a re-lint reuse the previous parse and the unchanged statements' results. */
export function findPythonMaps(text: string, cacheKey?: string): DocumentFacts {
  const tree = parsePython(text, cacheKey);
  const { facts, readsRank } = evaluateFile(text, tree, undefined, cacheKey === undefined ? undefined : statementMemoFor(cacheKey));
  if (!readsRank || facts.maps.length === 0) return facts;
  // The file reads its rank: evaluate it once per process and keep how each map differs (issue 12, DM021).
  return { ...facts, maps: withRanks(facts.maps, (rank) => evaluateFile(text, tree, rank).facts.maps) };
}

/** `__name__` is the same object on every pass, so statements that read it can be replayed. */
const MAIN_NAME: PyVal = { t: 'str', v: '__main__', span: { start: 0, end: 0 } };

/**
 * One pass over the file; `rank`: the process it is evaluated for (rank reads give it), absent in the
 * ordinary pass; `memo`: the document's statement memo (ordinary passes of a named document).
 */
function evaluateFile(text: string, tree: Tree, rank?: number, memo?: StatementMemo): { facts: DocumentFacts; readsRank: boolean } {
  const ev = new Evaluator(text, rank);
  const state = new FinderState();
  const interp = new Interpreter(ev, {
    onCall(call, callee, env) {
      const last = callee?.split('.').pop() ?? '';
      state.observe(callee, () => {
        const v = evalCall(ev, call, env);
        return v.t === 'call' ? v.kwargs : new Map();
      });
      const infer = isInferAutoDeviceMap(callee);
      if (
        infer
          ? state.computed.has(call.from)
          : state.maps.has(call.from) || callee === 'dict' || !callArgsMention(text, call.from, call.to, last)
      )
        return;
      const problems: DocumentProblem[] = [];
      const consumed = new Set<number>();
      const found = loaderMap(ev, call, callee, env, state.visibleDevices, problems, infer ? undefined : consumed);
      for (const problem of problems) state.apply({ k: 'problem', problem });
      for (const at of consumed) state.apply({ k: 'consumed', at });
      if (found) state.apply({ k: infer ? 'computed' : 'map', at: call.from, map: found });
    },
    onEnviron(name, value) {
      if (name === 'CUDA_VISIBLE_DEVICES') state.apply({ k: 'visible', n: countVisible(value) });
    },
  });
  const top = new Env();
  // Scripts run as `python train.py`: the `if __name__ == "__main__":` block runs for sure.
  top.set('__name__', MAIN_NAME);
  if (memo) {
    memo.begin(text, [MAIN_NAME]);
    let cli: string | undefined;
    const pass = { text, top, ev, interp, state, cliKey: () => (cli ??= JSON.stringify([...cliDefaults(text)])) };
    for (const node of kids(tree.topNode)) memo.run(node, pass, () => interp.runStatement(node, top));
  } else interp.runBlock(kids(tree.topNode), top);
  const { maps, computed, consumed, problems, training } = state;
  // A file too costly to evaluate says so once, where evaluation stopped, instead of silently losing its maps.
  if (ev.exhaustedAt !== undefined)
    problems.push({
      kind: 'unreadable',
      span: { start: ev.exhaustedAt, end: Math.min(text.length, ev.exhaustedAt + 1) },
      message: `Device Map Studio stopped evaluating this file here: ${budgetMessage()}; device maps from here on are not checked`,
    });
  const found = [...maps.values(), ...[...computed].filter(([at]) => !consumed.has(at)).map(([, m]) => m)];
  // A dict variable named like a device map that never reaches a loader is still worth showing.
  for (const [name, v] of top.entries()) {
    if (!/device_?map/i.test(name) || v.t !== 'dict' || !v.literalSpan) continue;
    if (found.some((m) => m.dictSpan && m.dictSpan.start === v.literalSpan!.start)) continue;
    found.push({ ...mapShape(v, v.literalSpan, text), span: v.literalSpan, reachesModel: false });
  }
  found.sort((a, b) => a.span.start - b.span.start);
  const facts: DocumentFacts = {
    maps: found,
    trains: training.trains,
    ...(training.loraTargets ? { loraTargets: training.loraTargets } : {}),
    ...(training.loraRank !== undefined ? { loraRank: training.loraRank } : {}),
    ...(training.fullFineTuning ? { fullFineTuning: true } : {}),
    ...(BYPASS_SET.test(text) ? { bypassesDeviceMapCheck: true } : {}),
    problems: dedupeProblems(problems),
  };
  return { facts, readsRank: ev.readsRank };
}

/** `os.environ["ACCELERATE_BYPASS_DEVICE_MAP"] = "true"` or `os.environ.setdefault("ACCELERATE_BYPASS_DEVICE_MAP", "true")`. */
const BYPASS_SET = /ACCELERATE_BYPASS_DEVICE_MAP['"]\s*(?:\]\s*=|,)\s*['"]true['"]/i;

/** Cheap pre-filter: only calls whose text mentions `device_map` (directly or via `**kwargs`) are evaluated. */
function callArgsMention(text: string, from: number, to: number, last: string): boolean {
  const s = text.slice(from, to);
  // accelerate's dispatch calls take the map positionally, under any name.
  if (last === 'dispatch_model' || last === 'load_checkpoint_and_dispatch') return true;
  return (
    s.includes('device_map') ||
    ((s.includes('**') || s.includes('model_kwargs')) && (last === 'from_pretrained' || last === 'from_config' || last === 'pipeline'))
  );
}

/** The same dict may reach several calls: report each problem once. */
function dedupeProblems(ps: DocumentProblem[]): DocumentProblem[] {
  const seen = new Set<string>();
  return ps.filter((p) => {
    const k = `${p.span.start}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
