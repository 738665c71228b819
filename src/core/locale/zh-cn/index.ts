/** The zh-cn catalogue: one file per concern, merged by owner. */
import type { Catalogue } from '../../analysis/index';
import { ZH_CN_FIXES } from './fixes';
import { ZH_CN_ESTIMATE } from './estimate';
import { ZH_CN_DEVICE, ZH_CN_FORMAT, ZH_CN_GPU } from './format';
import { ZH_CN_HOVER } from './hover';
import { ZH_CN_MODEL_PROBLEM } from './modelProblem';
import { ZH_CN_RULES } from './rules';
import { ZH_CN_VIEW } from './view';
import { ZH_CN_LAUNCH } from './launch';
import { ZH_CN_SETUP } from './setup';

export const ZH_CN: Catalogue = {
  ...ZH_CN_RULES,
  ...ZH_CN_FIXES,
  ...ZH_CN_FORMAT,
  ...ZH_CN_DEVICE,
  ...ZH_CN_GPU,
  ...ZH_CN_VIEW,
  ...ZH_CN_ESTIMATE,
  ...ZH_CN_HOVER,
  ...ZH_CN_MODEL_PROBLEM,
  ...ZH_CN_LAUNCH,
  ...ZH_CN_SETUP,
};
