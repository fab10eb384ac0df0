import { z } from 'zod';
import { ADJUST_PRESETS, ANCHORS, STICKERS, type EditPlan } from '../types.js';

/**
 * The plan as a schema: what a plan from outside the grammar (an LLM's reading, a client's JSON) must
 * be before anything runs it. It mirrors src/types.ts; `plan-schema.test.ts` checks that every plan
 * the corpus produces passes, so the two cannot drift apart silently.
 */

const byte = z.number().int().min(0).max(255);
const rgb = z.tuple([byte, byte, byte]);
const phrase = z.string().max(200);
const anchor = z.enum(ANCHORS);
const colorSpec = z.union([
  z.object({ kind: z.literal('solid'), rgb, name: z.string().optional() }).strict(),
  z
    .object({ kind: z.literal('gradient'), stops: z.array(rgb).min(2).max(8), name: z.string().optional() })
    .strict(),
]);
const pick = z.union([
  z.object({ by: z.literal('position'), anchor }).strict(),
  z.object({ by: z.literal('size'), order: z.enum(['largest', 'smallest']) }).strict(),
]);
const objectTarget = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('object'),
      label: z.string().min(1),
      phrase,
      pick: pick.optional(),
      all: z.literal(true).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('subject'), phrase }).strict(),
  z.object({ kind: z.literal('background'), phrase }).strict(),
  z
    .object({ kind: z.literal('text'), text: z.string().min(1), phrase, nth: z.number().int().optional() })
    .strict(),
  z.object({ kind: z.literal('watermark'), phrase, anchor: anchor.optional() }).strict(),
  z.object({ kind: z.literal('region'), anchor, phrase }).strict(),
  z.object({ kind: z.literal('mask'), phrase }).strict(),
]);
const none = z.object({}).strict();

const steps = [
  z.object({
    op: z.literal('replace-text'),
    target: z
      .object({
        text: z.string(),
        nth: z.number().int().optional(),
        role: z.enum(['price', 'title']).optional(),
        phrase: phrase.optional(),
      })
      .strict(),
    params: z
      .object({
        text: z.string().max(200),
        color: colorSpec.optional(),
        bold: z.boolean().optional(),
        scale: z.number().min(0.25).max(4).optional(),
      })
      .strict(),
  }),
  z.object({
    op: z.literal('query'),
    target: z.union([
      z.object({ object: z.string().min(1), phrase }).strict(),
      z.object({ text: z.string().min(1), phrase }).strict(),
      z.object({ pattern: z.enum(['price', 'any-text']), phrase }).strict(),
    ]),
    params: none,
  }),
  z.object({ op: z.literal('remove'), target: objectTarget, params: none }),
  z.object({
    op: z.literal('recolor'),
    target: objectTarget,
    params: z
      .object({ color: z.object({ kind: z.literal('solid'), rgb, name: z.string().optional() }).strict() })
      .strict(),
  }),
  z.object({
    op: z.literal('replace-background'),
    target: z.object({ kind: z.literal('background'), phrase }).strict(),
    params: z
      .object({
        fill: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('color'), rgb, name: z.string().optional() }).strict(),
          z
            .object({
              kind: z.literal('gradient'),
              stops: z.array(rgb).min(2).max(8),
              direction: z.enum(['vertical', 'horizontal']),
              name: z.string().optional(),
            })
            .strict(),
          z.object({ kind: z.literal('blur'), sigma: z.number().positive().max(100) }).strict(),
          z.object({ kind: z.literal('asset') }).strict(),
          z.object({ kind: z.literal('transparent') }).strict(),
        ]),
        shadow: z.boolean(),
      })
      .strict(),
  }),
  z.object({
    op: z.literal('add'),
    target: z.object({ kind: z.literal('region'), anchor, phrase }).strict(),
    params: z
      .object({
        content: z.discriminatedUnion('kind', [
          z.object({ kind: z.literal('asset') }).strict(),
          z
            .object({ kind: z.literal('text'), text: z.string().min(1).max(100), color: rgb.optional() })
            .strict(),
          z.object({ kind: z.literal('sticker'), name: z.enum(STICKERS) }).strict(),
        ]),
        margin: z.number().min(0).max(0.45),
        scale: z.number().positive().max(1),
        opacity: z.number().min(0).max(1),
        count: z.number().int().min(1).max(50),
      })
      .strict(),
  }),
  z.object({
    op: z.literal('adjust'),
    target: z.object({ kind: z.literal('global'), phrase }).strict(),
    params: z.object({ preset: z.enum(ADJUST_PRESETS), strength: z.number().positive().max(3) }).strict(),
  }),
  z.object({
    op: z.literal('edit'),
    target: z.union([objectTarget, z.object({ kind: z.literal('image'), phrase }).strict()]),
    params: z
      .object({
        prompt: z.string().min(1).max(800),
        around: z.literal(true).optional(),
        why: z.string().optional(),
      })
      .strict(),
  }),
] as const;

export const editStepSchema = z.discriminatedUnion(
  'op',
  steps.map((s) => s.strict()) as unknown as typeof steps,
);

export const editPlanSchema = z
  .object({
    version: z.literal(1),
    instruction: z.string(),
    steps: z.array(editStepSchema).min(1).max(10),
    ignored: z.array(z.string()).optional(),
    kept: z.array(z.string()).optional(),
    reader: z
      .object({ by: z.enum(['llm', 'grammar']), model: z.string(), fallback: z.string().optional() })
      .strict()
      .optional(),
  })
  .strict();

/** The plan, or the first few problems as `path: message` lines. */
export function checkPlanShape(
  value: unknown,
): { ok: true; plan: EditPlan } | { ok: false; problems: string[] } {
  const r = editPlanSchema.safeParse(value);
  if (r.success) return { ok: true, plan: r.data as EditPlan };
  return {
    ok: false,
    problems: r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(plan)'}: ${i.message}`),
  };
}
