import sharp from 'sharp';
import { locate } from '../engines/generative/locate.js';
import { ScalpelError, type ErrorJson } from '../errors.js';
import { decodeImage } from '../image/io.js';
import { maskBounds, type Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import type { Box, EditPlan, EditStep, QueryAnswer } from '../types.js';
import { screenImage } from '../safety/gate.js';
import { edit } from './edit.js';
import { decodeMask } from './mask.js';
import { DEFAULTS } from './options.js';

/** Where one step of a plan would change pixels, found before anything runs. */
export interface StepWhere {
  op: EditStep['op'];
  /** The whole frame (a tone change, new content with no place named). */
  global: boolean;
  /** The pixels it may touch: their box, and a two-colour PNG of the image's size (white = touched). */
  box?: Box;
  mask_png?: string;
  found?: Record<string, unknown>;
  /** A question's answer: it changes no pixel, so it is simply asked. */
  answer?: QueryAnswer;
  warnings: string[];
  /** Why this step would fail (TARGET_NOT_FOUND lists what was found instead). */
  error?: ErrorJson;
}

export interface WhereOptions {
  mask?: Buffer;
  asset?: Buffer;
  maxPixels?: number;
}

/**
 * Where each step of `plan` would act on `input`, with the models the edit itself uses (and, through
 * the analysis cache, for it). Every step is grounded on the input as given: a later step of a
 * several-step plan sees the earlier ones' output when it runs, so its place can differ there.
 */
export async function wherePlan(
  input: Buffer,
  plan: EditPlan,
  opts: WhereOptions = {},
): Promise<StepWhere[]> {
  const { raster } = await decodeImage(input, opts.maxPixels ?? DEFAULTS.maxPixels);
  // Nothing is located on an image the edit itself would refuse.
  await screenImage(
    raster,
    plan.steps.some((s) => s.op !== 'query'),
  );
  const userMask = opts.mask ? await decodeMask(opts.mask, raster.width, raster.height) : undefined;
  const seen = {};
  const out: StepWhere[] = [];
  for (const step of plan.steps) {
    try {
      out.push(await whereStep(input, raster, step, seen, userMask, opts));
    } catch (err) {
      const e = ScalpelError.from(err);
      if (e.code === 'MODEL_LOAD_FAILED' || e.code === 'INTERNAL') throw e;
      out.push({ op: step.op, global: false, warnings: [], error: e.toJSON() });
    }
  }
  return out;
}

async function whereStep(
  input: Buffer,
  img: Raster,
  step: EditStep,
  seen: object,
  userMask: Mask | undefined,
  opts: WhereOptions,
): Promise<StepWhere> {
  if (step.op === 'query' || step.op === 'add') {
    // A question changes nothing and an overlay needs no model: run alone, they say exactly where.
    const { report } = await edit(input, '', {
      plan: { version: 1, instruction: '', steps: [step] },
      mask: opts.mask,
      asset: opts.asset,
      engine: 'local',
      maxPixels: opts.maxPixels,
    });
    const s = report.steps[0];
    if (step.op === 'query')
      return { op: step.op, global: false, answer: report.answer, warnings: s.warnings };
    return { op: step.op, global: false, box: s.region, warnings: s.warnings };
  }
  const at = await locate(img, step, seen, userMask);
  if (at.global || !at.region) return { op: step.op, global: true, warnings: at.warnings };
  return {
    op: step.op,
    global: false,
    box: at.box ?? maskBounds(at.region, img.width, img.height),
    mask_png: await maskPng(at.region, img.width, img.height),
    found: at.found,
    warnings: at.warnings,
  };
}

/** A 0/1 mask as a data: URL of a two-colour PNG (a few kB even at full size). */
async function maskPng(region: Mask, width: number, height: number): Promise<string> {
  const grey = Buffer.alloc(width * height);
  for (let i = 0; i < grey.length; i++) grey[i] = region[i] ? 255 : 0;
  const png = await sharp(grey, { raw: { width, height, channels: 1 } })
    .png({ palette: true, colours: 2, compressionLevel: 9 })
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}
