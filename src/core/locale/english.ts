/**
 * Every English template the core shows, by owner: the rules' and fixes' records
 * (`englishCatalogue()`), plus the other texts the core builds. A translation supplies the
 * same keys with the same placeholders (`catalogueMismatches`, test/unit/locale).
 */
import { englishCatalogue, type Catalogue } from '../analysis/index';
import { FORMAT_MESSAGES } from '../analysis/format';
import { VIEW_MESSAGES } from '../view/messages';
import { ESTIMATE_MESSAGES } from '../analysis/estimateWords';
import { HOVER_MESSAGES } from '../analysis/hover';
import { COMPLETION_MESSAGES } from '../analysis/completion';
import { MODEL_PROBLEM_MESSAGES } from '../analysis/modelProblem';
import { DEVICE_MESSAGES } from '../analysis/deviceCheck';
import { GPU_SPEC_MESSAGES } from '../gpuSpecs';
import { GPU_HOST_MESSAGES } from '../gpuHost/hostSetup';
import { LAUNCH_MESSAGES } from '../analysis/launchSummary';
import { SETUP_MESSAGES } from '../setup/messages';

export function coreEnglishCatalogue(): Catalogue {
  return {
    ...englishCatalogue(),
    format: FORMAT_MESSAGES,
    view: VIEW_MESSAGES,
    estimate: ESTIMATE_MESSAGES,
    hover: HOVER_MESSAGES,
    completion: COMPLETION_MESSAGES,
    'model-problem': MODEL_PROBLEM_MESSAGES,
    device: DEVICE_MESSAGES,
    'gpu-specs': GPU_SPEC_MESSAGES,
    'gpu-host': GPU_HOST_MESSAGES,
    launch: LAUNCH_MESSAGES,
    setup: SETUP_MESSAGES,
  };
}
