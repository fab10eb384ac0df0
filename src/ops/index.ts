import type { EditStep, OpName } from '../types.js';
import { addOp } from './add/index.js';
import { adjustOp } from './adjust/index.js';
import { queryOp } from './query/index.js';
import { removeOp } from './remove/index.js';
import { recolorOp } from './recolor/index.js';
import { replaceBackgroundOp } from './replace-background/index.js';
import { replaceTextOp } from './replace-text/index.js';
import type { OpModule } from './common/op.js';

export type { OpModule, Perceived } from './common/op.js';

type StepOf<K extends OpName> = Extract<EditStep, { op: K }>;

/**
 * Every op the local engine runs, keyed by the plan's op name (its folder's name). Adding an op is
 * its folder and one entry here. The order is the order the engine lists its capabilities in.
 */
export const OPS = Object.freeze({
  'replace-text': replaceTextOp,
  query: queryOp,
  remove: removeOp,
  recolor: recolorOp,
  'replace-background': replaceBackgroundOp,
  add: addOp,
  adjust: adjustOp,
} satisfies { [K in OpName]?: OpModule<StepOf<K>> });

/** The module that runs `op`, or undefined for an op no module here runs (new content). */
export function opFor(op: OpName): OpModule | undefined {
  return Object.hasOwn(OPS, op) ? (OPS as Partial<Record<OpName, OpModule>>)[op] : undefined;
}
