import { groundTarget } from '../../grounding/target.js';
import { matteSubject } from '../../perception/matte.js';
import type { ReplaceBackgroundStep } from '../../types.js';
import { loadGrounding } from '../common/grounding-needs.js';
import { finish, found } from '../common/object-step.js';
import type { OpModule } from '../common/op.js';
import { replaceBackground } from './replace-background.js';

/** All but the subject (the matte inverted) becomes a colour, a gradient, a blur, an image or nothing. */
export const replaceBackgroundOp: OpModule<ReplaceBackgroundStep> = {
  op: 'replace-background',
  warm: (steps) => loadGrounding(steps.map((s) => s.target)),
  async run(img, step, seen, ctx) {
    seen.matte ??= await ctx.time('matte_ms', () => matteSubject(img));
    const g = await ctx.time('ground_ms', () => groundTarget(img, step.target, seen, undefined));
    const r = await ctx.time('edit_ms', async () =>
      replaceBackground(img, seen.matte as Uint8Array, step.params.fill, {
        shadow: step.params.shadow,
        asset: ctx.asset,
      }),
    );
    return finish(
      img,
      step,
      { ...r, quality: {}, details: { target_found: found(g), ...r.details } },
      seen,
      ctx,
    );
  },
};
