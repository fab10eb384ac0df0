import { ScalpelError } from '../errors.js';
import type { EditPlan, EditStep } from '../types.js';

/**
 * What a request carries besides its sentence: whether the user painted a mask or gave an image (a
 * logo, a new background). The parser reads it ("抹掉" with a mask acts on the mask), and a plan that
 * needs one that is missing is refused here, before any image is read, in the same words whether
 * the plan is only shown (`scalpel plan`, POST /v1/plan) or carried out.
 */
export interface RequestContext {
  mask?: boolean;
  asset?: boolean;
}

/** The step's need of an --asset image: a logo to add, or an image to use as the background. */
function needsAsset(step: EditStep): boolean {
  if (step.op === 'add') return step.params.content.kind === 'asset';
  return step.op === 'replace-background' && step.params.fill.kind === 'asset';
}

/** Throws INVALID_ARGUMENT when a step needs a mask or an asset that the request does not carry. */
export function checkContext(plan: EditPlan, ctx: RequestContext): void {
  for (const [i, step] of plan.steps.entries()) {
    if (needsAsset(step) && !ctx.asset) {
      const what = step.op === 'add' ? 'Adding a logo' : 'Using an image as the background';
      throw new ScalpelError('INVALID_ARGUMENT', `${what} needs an image: pass it with --asset <file>.`, {
        stage: 'args',
        details: { step: i, op: step.op, needs: 'asset' },
      });
    }
    if (step.op !== 'query' && 'kind' in step.target && step.target.kind === 'mask' && !ctx.mask) {
      throw new ScalpelError(
        'INVALID_ARGUMENT',
        `"${step.target.phrase}" needs a mask: pass --mask <file> (white = the part to edit).`,
        { stage: 'args', details: { step: i, op: step.op, needs: 'mask', target: step.target } },
      );
    }
  }
}
