/** The walkthrough's command ids (package.json contributes.commands and completionEvents name them too). */
export const CREATE_EXAMPLES = 'deviceMapStudio.createExamples';
export const WRITE_CI_WORKFLOW = 'deviceMapStudio.writeCiWorkflow';
/** Run by every quick fix after its edit; sets the context key the "apply a fix" step completes on. */
export const FIX_APPLIED = 'deviceMapStudio.fixApplied';
export const FIX_APPLIED_CONTEXT = 'deviceMapStudio.fixApplied';
