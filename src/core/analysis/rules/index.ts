/**
 * The one registration of every rule unit, in code order (then the plain tags).
 * Adding a rule: write `rules/dmNNN<Name>.ts` with `defineRule({...})`, add its
 * fixtures under test/fixtures/analysis, list it here, run `npm run docs`.
 */
import type { Catalogue } from '../messages';
import { EXPAND_MESSAGES } from '../fixes/expandStrategy';
import { FILL_MISSING_MESSAGES } from '../fixes/fillMissing';
import { REBALANCE_MESSAGES } from '../fixes/rebalance';
import { ENGINE_MESSAGES } from '../engineMessages';
import { dm001 } from './dm001UncoveredParams';
import { dm002 } from './dm002UnknownKey';
import { dm003 } from './dm003SplitBlock';
import { dm004 } from './dm004ParentChild';
import { dm005 } from './dm005TiedWeights';
import { dm006 } from './dm006InvalidDevice';
import { dm007 } from './dm007DeviceIndex';
import { dm008 } from './dm008UnknownStrategy';
import { dm009 } from './dm009Alternating';
import { dm010 } from './dm010OffloadWhileTraining';
import { dm011 } from './dm011OverCapacity';
import { dm012 } from './dm012TrainingReserve';
import { dm013 } from './dm013QuantOffload';
import { dm014 } from './dm014MaxMemory';
import { dm015 } from './dm015PrefixCapture';
import { dm016 } from './dm016ModelUnresolved';
import { dm017 } from './dm017TwoSpellings';
import { dm018 } from './dm018SingleDeviceGaps';
import { dm019 } from './dm019DistributedSplitMap';
import { dm020 } from './dm020SameCardEveryRank';
import { dm021 } from './dm021RankCards';
import { duplicateKey } from './duplicateKey';
import { modelDefault } from './modelDefault';
import { v4OffloadFolder } from './v4OffloadFolder';
import { parseProblem } from './parseProblem';
import type { RuleUnit } from './unit';

export type { RuleUnit, RuleDocs } from './unit';

export const RULES: readonly RuleUnit[] = [
  dm001,
  dm002,
  dm003,
  dm004,
  dm005,
  dm006,
  dm007,
  dm008,
  dm009,
  dm010,
  dm011,
  dm012,
  dm013,
  dm014,
  dm015,
  dm016,
  dm017,
  dm018,
  dm019,
  dm020,
  dm021,
  // Plain tags: findings about nothing broken in the map.
  duplicateKey,
  modelDefault,
  v4OffloadFolder,
  parseProblem,
] as readonly RuleUnit[];

export const RULE_BY_CODE: ReadonlyMap<string, RuleUnit> = new Map(RULES.map((r) => [r.code, r]));

/** `DM0xx` codes (the rest are plain tags). */
export function isDmCode(code: string): boolean {
  return /^DM\d{3}$/.test(code);
}

/** Every English template, by owner: what a second locale translates, key for key. */
export function englishCatalogue(): Catalogue {
  return {
    ...Object.fromEntries(RULES.map((r) => [r.code, r.messages])),
    rebalance: REBALANCE_MESSAGES,
    'fill-missing': FILL_MISSING_MESSAGES,
    'expand-strategy': EXPAND_MESSAGES,
    engine: ENGINE_MESSAGES,
  };
}
