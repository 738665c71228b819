/** Device maps in a Python file, found by running its statements statically over lezer's tree. */
import { budgetMessage } from './budget';
import type { DocumentFacts, DocumentProblem, FoundDeviceMap, Span } from '../types';
import { Env } from './env';
import { Evaluator } from './evaluate';
import { evalCall } from './evalOps';
import { TrainingFacts } from './fileFacts';
import { Interpreter } from './interpret';
import { isInferAutoDeviceMap } from './accelerateCalls';
import { loaderMap } from './loaderCall';
import { mapShape } from './mapValue';
import { parsePython } from './parseCache';
import { withRanks } from './perRank';
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

/** `cacheKey` (the file name) lets a re-lint reuse the previous parse of the same document. */
export function findPythonMaps(text: string, cacheKey?: string): DocumentFacts {
  const tree = parsePython(text, cacheKey);
  const { facts, readsRank } = evaluateFile(text, tree);
  if (!readsRank || facts.maps.length === 0) return facts;
  // The file reads its rank: evaluate it once per process and keep how each map differs (issue 12, DM021).
  return { ...facts, maps: withRanks(facts.maps, (rank) => evaluateFile(text, tree, rank).facts.maps) };
}

/** One pass over the file; `rank`: the process it is evaluated for (rank reads give it), absent in the ordinary pass. */
function evaluateFile(text: string, tree: Tree, rank?: number): { facts: DocumentFacts; readsRank: boolean } {
  const ev = new Evaluator(text, rank);
  const training = new TrainingFacts();
  const maps = new Map<number, FoundDeviceMap>();
  // `infer_auto_device_map(...)` results, and the ones handed on to a loader (reported there instead).
  const computed = new Map<number, FoundDeviceMap>();
  const consumed = new Set<number>();
  const problems: DocumentProblem[] = [];
  let visibleDevices: number | undefined;
  const interp = new Interpreter(ev, {
    onCall(call, callee, env) {
      const last = callee?.split('.').pop() ?? '';
      training.observe(callee, () => {
        const v = evalCall(ev, call, env);
        return v.t === 'call' ? v.kwargs : new Map();
      });
      if (isInferAutoDeviceMap(callee)) {
        const found = computed.has(call.from) ? undefined : loaderMap(ev, call, callee, env, visibleDevices, problems);
        if (found) computed.set(call.from, found);
        return;
      }
      if (maps.has(call.from) || callee === 'dict' || !callArgsMention(text, call.from, call.to, last)) return;
      const found = loaderMap(ev, call, callee, env, visibleDevices, problems, consumed);
      if (found) maps.set(call.from, found);
    },
    onEnviron(name, value) {
      if (name === 'CUDA_VISIBLE_DEVICES') visibleDevices = countVisible(value);
    },
  });
  const top = new Env();
  // Scripts run as `python train.py`: the `if __name__ == "__main__":` block runs for sure.
  top.set('__name__', { t: 'str', v: '__main__', span: { start: 0, end: 0 } });
  interp.runBlock(kids(tree.topNode), top);
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
