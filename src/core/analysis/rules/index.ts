/** Every rule, in code order (then plain-tag hints). Each is a pure `(ctx) => Finding[]`. */
import type { Finding } from '../api';
import type { RuleContext } from '../context';
import { dm001UncoveredParams } from './dm001UncoveredParams';
import { dm002UnknownKey } from './dm002UnknownKey';
import { dm003SplitBlock } from './dm003SplitBlock';
import { dm004ParentChild } from './dm004ParentChild';
import { dm005TiedWeights } from './dm005TiedWeights';
import { dm006InvalidDevice } from './dm006InvalidDevice';
import { dm007DeviceIndex } from './dm007DeviceIndex';
import { dm008UnknownStrategy } from './dm008UnknownStrategy';
import { dm009Alternating } from './dm009Alternating';
import { dm010OffloadWhileTraining } from './dm010OffloadWhileTraining';
import { dm011OverCapacity } from './dm011OverCapacity';
import { dm012TrainingReserve } from './dm012TrainingReserve';
import { dm013QuantOffload } from './dm013QuantOffload';
import { dm014MaxMemory } from './dm014MaxMemory';
import { dm015PrefixCapture } from './dm015PrefixCapture';
import { dm016ModelUnresolved } from './dm016ModelUnresolved';
import { dm017TwoSpellings } from './dm017TwoSpellings';
import { dm018SingleDeviceGaps } from './dm018SingleDeviceGaps';
import { OFFLOAD_FOLDER, v4OffloadFolder } from './v4OffloadFolder';

export type Rule = (ctx: RuleContext) => Finding[];

export const RULES: ReadonlyArray<readonly [code: string, rule: Rule]> = [
  ['DM001', dm001UncoveredParams],
  ['DM002', dm002UnknownKey],
  ['DM003', dm003SplitBlock],
  ['DM004', dm004ParentChild],
  ['DM005', dm005TiedWeights],
  ['DM006', dm006InvalidDevice],
  ['DM007', dm007DeviceIndex],
  ['DM008', dm008UnknownStrategy],
  ['DM009', dm009Alternating],
  ['DM010', dm010OffloadWhileTraining],
  ['DM011', dm011OverCapacity],
  ['DM012', dm012TrainingReserve],
  ['DM013', dm013QuantOffload],
  ['DM014', dm014MaxMemory],
  ['DM015', dm015PrefixCapture],
  ['DM016', dm016ModelUnresolved],
  ['DM017', dm017TwoSpellings],
  ['DM018', dm018SingleDeviceGaps],
  // Not a DM code: a transformers 4 hint about a keyword the code cannot see the need for.
  [OFFLOAD_FOLDER, v4OffloadFolder],
];
