import type { AdjustStep } from '../../types.js';
import { finish } from '../common/object-step.js';
import type { OpModule } from '../common/op.js';
import { adjust } from './adjust.js';

/** A look for the whole image (brighter, airier, warmer): every pixel may change, or the --mask's. */
export const adjustOp: OpModule<AdjustStep> = {
  op: 'adjust',
  warm: async () => undefined,
  async run(img, step, seen, ctx) {
    const r = await ctx.time('edit_ms', async () => adjust(img, step.params.preset, step.params.strength));
    const all = new Uint8Array(img.width * img.height).fill(1);
    return finish(img, step, { ...r, mask: all, quality: {}, global: !ctx.mask }, seen, ctx);
  },
};
