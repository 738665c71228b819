/**
 * Reads of the process's rank, the way training scripts write them: `LOCAL_RANK` / `RANK`
 * from the environment (torchrun, accelerate and deepspeed set both), accelerate's
 * `PartialState().process_index` / `local_process_index` (also on an `Accelerator`),
 * `torch.distributed.get_rank()`, and a `local_rank` argument (`args.local_rank`,
 * `training_args.local_rank`). In the ordinary pass they are unknown (and noted); in a
 * per-rank pass (issue 12) they are that rank, so the map can be evaluated once per process.
 * One node: the global and the local rank are the same number.
 */
import type { Span } from '../types';
import { unknown, type PyVal } from './values';

/** The environment variables a launcher sets to the rank. */
const RANK_ENV = new Set(['LOCAL_RANK', 'RANK']);
/** accelerate's state attributes that hold the rank. */
const RANK_ATTRS = new Set(['process_index', 'local_process_index']);
/** `torch.distributed.get_rank()`, `dist.get_rank()`, `get_node_local_rank()`. */
const RANK_CALL = /(^|\.)(get_rank|get_local_rank|get_node_local_rank)$/;
/** `os.environ.get(...)`, `os.getenv(...)`. */
const ENV_GET = /^(os\.)?(environ\.get|getenv)$/;

/** What a rank read evaluates to: the pass's rank, or unknown when the pass has none. */
export interface RankReader {
  readonly rank?: number;
  readsRank: boolean;
}

function read(r: RankReader, span: Span, asString: boolean): PyVal {
  r.readsRank = true;
  if (r.rank === undefined) return unknown(span);
  return asString ? { t: 'str', v: String(r.rank), span } : { t: 'int', v: r.rank, span };
}

/** `os.environ["LOCAL_RANK"]`: `obj` is the subscripted value, `key` the subscript. */
export function rankFromSubscript(r: RankReader, obj: PyVal, key: PyVal, span: Span): PyVal | undefined {
  if (obj.t !== 'name' || !/^(os\.)?environ$/.test(obj.dotted) || key.t !== 'str' || !RANK_ENV.has(key.v)) return undefined;
  return read(r, span, true);
}

/** `os.environ.get("LOCAL_RANK", 0)`, `os.getenv("RANK")`, `dist.get_rank()`. */
export function rankFromCall(r: RankReader, callee: string | undefined, firstArg: () => PyVal | undefined, span: Span): PyVal | undefined {
  if (callee === undefined) return undefined;
  if (RANK_CALL.test(callee)) return read(r, span, false);
  if (!ENV_GET.test(callee)) return undefined;
  const name = firstArg();
  if (name?.t === 'str' && RANK_ENV.has(name.v)) return read(r, span, true);
  return undefined;
}

/** `state.process_index`, `PartialState().local_process_index`, `args.local_rank`. */
export function rankFromAttribute(r: RankReader, attribute: string, span: Span): PyVal | undefined {
  return RANK_ATTRS.has(attribute) || attribute === 'local_rank' ? read(r, span, false) : undefined;
}
