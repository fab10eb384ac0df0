/** Instruction parsing: text → EditPlan. Everything else in this folder is an implementation detail. */
export { parseInstruction, planInstruction, SUPPORTED_EXAMPLES, type ParseOptions } from './parse.js';
export { checkContext, type RequestContext } from './context.js';
export { normalizeInstruction } from './normalize.js';
export { parseColor } from './colors.js';
export { parseFollowUp, type FollowUp } from './follow-up.js';
export { describePlan } from './describe.js';
export { readPlan, llmSettings, chat } from './llm.js';
