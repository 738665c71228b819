/** What the file writers read: a plan without its files. */
import type { SetupPlan } from '../types';

export type SetupPlanCore = Omit<SetupPlan, 'files'>;
