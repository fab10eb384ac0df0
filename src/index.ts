/** Scalpel's public entry: one call edits an image by instruction and reports what it did. */
export { edit, type EditResult } from './runtime/edit.js';
export type { EditOptions } from './runtime/options.js';
export {
  describePlan,
  parseInstruction,
  planInstruction,
  readPlan,
  SUPPORTED_EXAMPLES,
  parseFollowUp,
  type FollowUp,
  type RequestContext,
} from './instruction/index.js';
export { ScalpelError, ERROR_CODES, type ErrorCode, type ErrorJson } from './errors.js';
export { ENGINES, listEngines, routePlan, legsId } from './engines/index.js';
export type * from './types.js';
