import { loadFont } from '../../text/fonts.js';
import type { AddStep } from '../../types.js';
import { finish } from '../common/object-step.js';
import type { OpModule } from '../common/op.js';
import { overlay } from './overlay.js';

/** A logo (--asset), a text watermark or stickers laid over the image at an anchor. */
export const addOp: OpModule<AddStep> = {
  op: 'add',
  async warm(steps) {
    if (steps.some((s) => s.params.content.kind === 'text')) loadFont('sans-bold');
  },
  async run(img, step, seen, ctx) {
    const r = await ctx.time('edit_ms', async () => overlay(img, step.params, step.target.anchor, ctx.asset));
    return finish(img, step, { ...r, quality: {} }, seen, ctx);
  },
};
