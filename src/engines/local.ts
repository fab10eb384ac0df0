import { ScalpelError } from '../errors.js';
import { comparable, findText, groundText, type TextMatch } from '../grounding/text.js';
import { deltaE, medianRgb } from '../image/color.js';
import { countSet, maskBounds, type Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { replaceText } from '../ops/replace-text.js';
import { missingGlyphs } from '../text/coverage.js';
import { loadFont, FONT_IDS } from '../text/fonts.js';
import { loadOcr, readLines, readQuad, type OcrLine } from '../perception/ocr.js';
import type { Box, EditPlan, Quad, ReplaceTextStep, StepReport } from '../types.js';
import type { Engine, EngineContext, EngineResult } from './engine.js';
import { runQuery, warmQueries, type Perceived } from './local-query.js';

/** Runs every op on this machine's CPU with the models shipped in node_modules. */
export const localEngine: Engine = {
  id: 'local',
  version: '0.1.0',
  ops: ['replace-text', 'query'],

  // Only what the plan needs: a question about a dog must not pay for OCR and fonts.
  async warm(plan: EditPlan) {
    // A text we cannot draw is refused before any model loads.
    for (const step of plan.steps) if (step.op === 'replace-text') checkDrawable(step.params.text);
    if (plan.steps.some((s) => s.op === 'replace-text')) {
      await loadOcr();
      for (const id of FONT_IDS) loadFont(id);
    }
    await warmQueries(plan);
  },

  async run(img: Raster, plan: EditPlan, ctx: EngineContext): Promise<EngineResult> {
    let current = img;
    const mask = new Uint8Array(img.width * img.height);
    const steps: StepReport[] = [];
    let lines: OcrLine[] | undefined;
    const seen: Perceived = {};
    for (const step of plan.steps) {
      if (step.op === 'query') {
        steps.push(await runQuery(current, step, seen, ctx));
        continue;
      }
      lines ??= await ctx.time('ocr_ms', () => readLines(current));
      const r = await runReplaceText(current, step, lines, ctx);
      current = r.raster;
      orInto(mask, r.mask, img.width, r.report.region);
      steps.push(r.report);
    }
    return { raster: current, mask, steps };
  },
};

async function runReplaceText(img: Raster, step: ReplaceTextStep, lines: OcrLine[], ctx: EngineContext) {
  const matches = groundText(lines, step.target.text, step.target.nth);
  const warnings: string[] = [];
  if (matches.length > 1) {
    warnings.push(`'${step.target.text}' appears ${matches.length} times; every occurrence was replaced.`);
  }
  if (matches.some((m) => m.similarity < 1)) {
    warnings.push(
      `No exact match for '${step.target.text}'; edited the closest OCR reading '${[...matches[0].line.text].slice(matches[0].start, matches[0].end).join('')}'.`,
    );
  }
  let current = img;
  const mask = new Uint8Array(img.width * img.height);
  const occurrences: Record<string, unknown>[] = [];
  const readbacks: Readback[] = [];
  const colour: number[] = [];
  let readingBack = Promise.resolve();
  for (const m of matches) {
    const seen = m.similarity < 1 ? asTheUserSaysIt(m, step.target.text) : undefined;
    const r = await ctx.time('edit_ms', () =>
      replaceText(
        current,
        {
          quad: m.line.quad,
          lineText: seen?.text ?? m.line.text,
          positions: seen?.positions ?? m.line.positions,
          start: m.start,
          end: seen?.end ?? m.end,
          others: lines.filter((l) => l !== m.line).map((l) => l.quad),
        },
        step.params,
        ctx.mask,
      ),
    );
    current = r.raster;
    orInto(mask, r.mask, img.width, r.region);
    warnings.push(...r.warnings);
    occurrences.push({
      ...r.details,
      region: r.region,
      ocr_confidence: round(m.line.score),
      match_similarity: round(m.similarity),
    });
    // Read-back runs in onnxruntime's threads while this thread goes on with the next occurrence
    // and the pixel checks; calls stay chained so one session never runs twice at once.
    const after = current;
    const drawn = r.readback;
    readingBack = readingBack.then(async () => {
      const read = await ctx.time('readback_ms', () => readQuad(after, drawn.quad));
      const record = judgeReadback(read, drawn, step.params.text);
      readbacks.push(record);
      if (!record.contains_new)
        warnings.push(`Read-back found '${read.text}' where '${drawn.expected}' was drawn.`);
    });
    // Marked handled here so that an earlier failure elsewhere cannot leave it unhandled; the
    // await below still rethrows it.
    readingBack.catch(() => undefined);
    if (r.targetRgb) {
      const target = r.targetRgb;
      colour.push(
        await ctx.time('quality_ms', async () => colourDistance(after, r.fillMask, target, r.region)),
      );
    }
  }
  const { outside, region, changed } = await ctx.time('quality_ms', async () => ({
    outside: countChangedOutside(img, current, mask),
    region: maskBounds(mask, img.width, img.height) ?? { x: 0, y: 0, width: 0, height: 0 },
    changed: countSet(mask),
  }));
  await readingBack;
  const report: StepReport = {
    op: 'replace-text',
    target: step.target,
    region,
    engine: 'local',
    quality: {
      readback: readbacks.length === 1 ? readbacks[0] : readbacks,
      readback_ok: readbacks.every((r) => r.contains_new),
      color_delta_e: colour.length ? round(Math.max(...colour)) : null,
      outside_changed_pixels: outside,
      changed_pixels: changed,
    },
    warnings,
    details: { occurrences },
  };
  return { raster: current, mask, report };
}

/**
 * Where OCR misread or dropped characters of the target ('Y88' for '¥88', '买一送' for '买一送一'),
 * fit the style to what the user says is there; positions inside the range are spread evenly.
 */
function asTheUserSaysIt(m: TextMatch, target: string) {
  const chars = [...m.line.text];
  const wanted = [...target.normalize('NFKC')];
  const pos = m.line.positions;
  const from = m.start > 0 ? (pos[m.start - 1] + pos[m.start]) / 2 : 0;
  const to = m.end < chars.length ? (pos[m.end - 1] + pos[m.end]) / 2 : 1;
  const inner = wanted.map((_, k) => from + ((k + 0.5) / wanted.length) * (to - from));
  return {
    text: [...chars.slice(0, m.start), ...wanted, ...chars.slice(m.end)].join(''),
    positions: [...pos.slice(0, m.start), ...inner, ...pos.slice(m.end)],
    end: m.start + wanted.length,
  };
}

/** Refuses, before any work, a new text the shipped fonts would draw as empty boxes. */
function checkDrawable(text: string): void {
  const missing = missingGlyphs(text);
  if (missing.length === 0) return;
  const names = missing.map(
    (c) => `'${c}' (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`,
  );
  throw new ScalpelError(
    'UNSUPPORTED_INSTRUCTION',
    `The shipped fonts have no glyph for ${names.join(', ')}: it would be drawn as an empty box. Remove it or use another character.`,
    { stage: 'edit', details: { text, missing } },
  );
}

interface Readback {
  text: string;
  expected: string;
  exact: boolean;
  contains_new: boolean;
  score: number;
}

/**
 * `exact` compares the whole line strictly; `contains_new` asks whether the new text is legible,
 * tolerating OCR's known look-alike confusions (Y for ¥) as grounding does.
 */
function judgeReadback(
  read: { text: string; score: number },
  drawn: { quad: Quad; expected: string },
  newText: string,
): Readback {
  const containsNew =
    comparable(read.text).includes(comparable(newText)) ||
    findText([{ text: read.text, score: read.score, quad: drawn.quad, positions: [] }], newText).length > 0;
  return {
    text: read.text,
    expected: drawn.expected,
    exact: comparable(read.text) === comparable(drawn.expected),
    contains_new: containsNew,
    score: round(read.score),
  };
}

/** ORs a mask into another, within the box that holds all of its set pixels. */
function orInto(into: Mask, from: Mask, width: number, box: Box): void {
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let i = y * width + box.x; i < y * width + box.x + box.width; i++) into[i] |= from[i];
  }
}

/** CIE76 distance between the drawn fill (median of its solid core) and the colour asked for. */
function colourDistance(img: Raster, core: Mask, target: [number, number, number], region: Box): number {
  const px: number[][] = [];
  // Every 3rd core pixel is plenty for a median.
  let k = 0;
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let i = y * img.width + region.x; i < y * img.width + region.x + region.width; i++) {
      if (core[i] && k++ % 3 === 0) px.push([img.data[i * 4], img.data[i * 4 + 1], img.data[i * 4 + 2]]);
    }
  }
  if (!px.length) return NaN;
  return deltaE(medianRgb(px), target);
}

/** Counts pixels that differ from the input outside the edit mask: the surgical promise, checked. */
export function countChangedOutside(a: Raster, b: Raster, mask: Mask): number {
  let n = 0;
  if (a.data.byteOffset % 4 === 0 && b.data.byteOffset % 4 === 0) {
    // One 32-bit compare per RGBA pixel.
    const pa = new Uint32Array(a.data.buffer, a.data.byteOffset, mask.length);
    const pb = new Uint32Array(b.data.buffer, b.data.byteOffset, mask.length);
    for (let i = 0; i < mask.length; i++) if (!mask[i] && pa[i] !== pb[i]) n++;
    return n;
  }
  for (let i = 0; i < mask.length * 4; i++) if (!mask[i >> 2] && a.data[i] !== b.data[i]) n++;
  return n;
}

const round = (v: number) => Math.round(v * 100) / 100;
