import { ScalpelError } from '../../errors.js';
import { groundTarget } from '../../grounding/target.js';
import type { RecolorStep } from '../../types.js';
import { loadGrounding } from '../common/grounding-needs.js';
import { finish, found } from '../common/object-step.js';
import type { OpModule } from '../common/op.js';
import { recolor } from './recolor.js';

/** A grounded object, the subject or the --mask's area takes on a new hue; its shading stays. */
export const recolorOp: OpModule<RecolorStep> = {
  op: 'recolor',
  warm: (steps) => loadGrounding(steps.map((s) => s.target)),
  async run(img, step, seen, ctx) {
    const t = step.target;
    if (t.kind === 'text' || t.kind === 'watermark') throw textNotObject(t.phrase);
    const g = await ctx.time('ground_ms', () => groundTarget(img, t, seen, ctx.mask));
    const r = await ctx.time('edit_ms', async () => recolor(img, g.alpha, step.params.color.rgb));
    const raw = {
      ...r,
      quality: pick(r.details, ['hue_error_deg', 'luminance_ssim']),
      details: { target_found: found(g), ...r.details },
      warnings: [...g.warnings, ...r.warnings],
    };
    return finish(img, step, raw, seen, ctx);
  },
};

function pick(o: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]));
}

function textNotObject(phrase: string): ScalpelError {
  return new ScalpelError(
    'UNSUPPORTED_INSTRUCTION',
    `Recolouring text ("${phrase}") as an object is not supported: draw the text with --mask and say 把这里换成红色 / make this red.`,
    { stage: 'ground' },
  );
}
