/** Instruction parsing: text → EditPlan. Everything else in this folder is an implementation detail. */
export { parseInstruction, SUPPORTED_EXAMPLES, type ParseOptions } from './parse.js';
export { normalizeInstruction } from './normalize.js';
export { parseColor } from './colors.js';
export { parseFollowUp, type FollowUp } from './follow-up.js';
