import { ScalpelError } from '../errors.js';
import { maskBounds, type Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { detectObjects, type DetectedObject } from '../perception/detect.js';
import { matteSubject } from '../perception/matte.js';
import type { Box, ObjectTarget } from '../types.js';
import { objectMask } from './object-mask.js';
import { answerObject, OBJECT_THRESHOLD } from './objects.js';
import { choose, overlapShare, regionBox } from './pick.js';

/**
 * Target phrase → soft mask (0..255) + box + confidence, for the ops that act on pixels of an
 * object (remove, recolor, replace-background). Text targets go through OCR instead (see
 * ops/remove/text.ts). A user mask always wins: grounding is kept inside it.
 */

export interface Grounded {
  alpha: Uint8Array;
  box: Box;
  confidence: number;
  label: string;
  /** How the mask was made (model, fallback). */
  source: string;
  /** Why this one, when several matched. */
  reason: string;
  candidates: { label: string; box: Box; confidence: number }[];
  warnings: string[];
}

/** What the run has already perceived: several steps on one image detect once. */
export interface Seen {
  objects?: DetectedObject[];
  matte?: Uint8Array;
}

type PixelTarget = Exclude<ObjectTarget, { kind: 'text' } | { kind: 'watermark' }>;

export async function groundTarget(
  img: Raster,
  target: PixelTarget,
  seen: Seen,
  userMask: Mask | undefined,
): Promise<Grounded> {
  const base = await groundFree(img, target, seen, userMask);
  if (!userMask) return base;
  const alpha = base.alpha.map((a, i) => (userMask[i] ? a : 0));
  const box = maskBounds(alpha, img.width, img.height);
  if (box) return { ...base, alpha, box, source: `${base.source}, kept inside --mask` };
  // The user drew where to edit, and nothing we found lies there: the drawing wins.
  const all = userMask.map((m) => m * 255);
  return {
    ...base,
    alpha: all,
    box: maskBounds(all, img.width, img.height) ?? base.box,
    source: '--mask',
    warnings: [...base.warnings, `No ${base.label} was found inside --mask: the whole mask was used.`],
  };
}

async function groundFree(
  img: Raster,
  target: PixelTarget,
  seen: Seen,
  userMask: Mask | undefined,
): Promise<Grounded> {
  const { width: w, height: h } = img;
  const whole = { x: 0, y: 0, width: w, height: h };
  const plain = { reason: '', candidates: [], warnings: [] };
  switch (target.kind) {
    case 'mask': {
      if (!userMask) {
        throw new ScalpelError(
          'INVALID_ARGUMENT',
          `"${target.phrase}" needs a mask: pass --mask <file> (white = the part to edit).`,
          {
            stage: 'ground',
            details: { target },
          },
        );
      }
      const alpha = userMask.map((m) => m * 255);
      return {
        ...plain,
        alpha,
        box: maskBounds(alpha, w, h) ?? whole,
        confidence: 1,
        label: 'masked area',
        source: '--mask',
      };
    }
    case 'region': {
      const box = regionBox(target.anchor, w, h);
      const alpha = new Uint8Array(w * h);
      for (let y = box.y; y < box.y + box.height; y++)
        alpha.fill(255, y * w + box.x, y * w + box.x + box.width);
      return {
        ...plain,
        alpha,
        box,
        confidence: 1,
        label: target.phrase,
        source: `the ${target.anchor} third of the frame`,
      };
    }
    case 'subject':
    case 'background': {
      const matte = (seen.matte ??= await matteSubject(img));
      const alpha = target.kind === 'subject' ? matte : matte.map((a) => 255 - a);
      const box = maskBounds(
        alpha.map((a) => (a >= 128 ? 1 : 0)),
        w,
        h,
      );
      const share = fraction(matte);
      if (!box || share < 0.005 || share > 0.98) {
        throw new ScalpelError(
          'TARGET_NOT_FOUND',
          `No clear subject was found in the image (the matte covers ${(share * 100).toFixed(1)}%), so there is no ${target.kind} to edit.`,
          {
            stage: 'ground',
            details: { target, subject_fraction: round(share) },
          },
        );
      }
      return {
        ...plain,
        alpha,
        box,
        confidence: round(certainty(matte)),
        label: target.kind,
        source: 'salient-object matte (ISNet)',
      };
    }
    case 'object': {
      seen.objects ??= await detectObjects(img);
      const all = seen.objects;
      let hits = all.filter((d) => d.label === target.label && d.score >= OBJECT_THRESHOLD);
      if (userMask) {
        const m = maskBounds(userMask, w, h);
        if (m) hits = hits.filter((d) => overlapShare(d.box, m) > 0.3);
      }
      if (hits.length === 0) {
        const { answer, found } = answerObject(all, target.label);
        const list = found.map((f) => `${f.label} (${f.confidence.toFixed(2)})`).join(', ') || 'no objects';
        throw new ScalpelError(
          'TARGET_NOT_FOUND',
          `No ${target.label} ("${target.phrase}") was found${userMask ? ' inside --mask' : ''}. Found: ${list}.${answer.note ? ` Note: ${answer.note}.` : ''}`,
          {
            stage: 'ground',
            details: { target, found, ...(answer.note ? { note: answer.note } : {}) },
          },
        );
      }
      if (target.all) return everyMatch(img, hits, target.label);
      const { chosen, reason } = choose(
        hits.map((d) => ({ ...d, confidence: d.score })),
        target.pick,
        img,
        target.label,
      );
      const m = await objectMask(img, chosen.label, chosen.box);
      const warnings =
        chosen.score < 0.5
          ? [`The detector is unsure this is a ${chosen.label} (confidence ${chosen.score.toFixed(2)}).`]
          : [];
      if (m.source.startsWith('ellipse'))
        warnings.push(
          `No outline of the ${chosen.label} could be segmented; an ellipse inside its box was used.`,
        );
      return {
        alpha: m.alpha,
        box:
          maskBounds(
            m.alpha.map((a) => (a >= 128 ? 1 : 0)),
            w,
            h,
          ) ?? chosen.box,
        confidence: round(chosen.score),
        label: chosen.label,
        source: m.source,
        reason,
        candidates: hits.map((d) => ({ label: d.label, box: d.box, confidence: round(d.score) })),
        warnings,
      };
    }
  }
}

/** 所有人 / all the people: one mask over every match, each segmented in its own box. */
async function everyMatch(img: Raster, hits: DetectedObject[], label: string): Promise<Grounded> {
  const alpha = new Uint8Array(img.width * img.height);
  const warnings: string[] = [];
  const sources = new Set<string>();
  for (const hit of hits) {
    const m = await objectMask(img, hit.label, hit.box);
    sources.add(m.source);
    for (let i = 0; i < alpha.length; i++) if (m.alpha[i] > alpha[i]) alpha[i] = m.alpha[i];
    if (hit.score < 0.5)
      warnings.push(`The detector is unsure one of them is a ${label} (confidence ${hit.score.toFixed(2)}).`);
  }
  const box =
    maskBounds(
      alpha.map((a) => (a >= 128 ? 1 : 0)),
      img.width,
      img.height,
    ) ?? hits[0].box;
  return {
    alpha,
    box,
    confidence: round(Math.min(...hits.map((h) => h.score))),
    label,
    source: [...sources].join(', '),
    reason: `all ${hits.length} ${label}${hits.length > 1 ? 's' : ''} found`,
    candidates: hits.map((d) => ({ label: d.label, box: d.box, confidence: round(d.score) })),
    warnings,
  };
}

function fraction(alpha: Uint8Array): number {
  let on = 0;
  for (const a of alpha) if (a >= 128) on++;
  return on / alpha.length;
}

/** Share of pixels the matte is decisive about (near 0 or 255): a rough confidence of the cut. */
function certainty(alpha: Uint8Array): number {
  let sure = 0;
  for (const a of alpha) if (a < 16 || a > 239) sure++;
  return sure / alpha.length;
}

const round = (v: number) => Math.round(v * 100) / 100;
