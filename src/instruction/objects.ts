import { COCO_LABELS } from '../perception/labels.js';
import type { AdjustPreset, EditStep } from '../types.js';
import { invalid } from './help.js';
import type { Segment } from './segments.js';
import { LEAD, wordSet } from './lexicon.js';
import { tokenize } from './tokens.js';
import type { RequestContext } from './context.js';

/**
 * The object-level grammars' common shape, and the loop that runs them over a sentence's segments.
 *
 * A grammar recognises a segment that starts a step (its "head": 去掉路人, 右下角加上LOGO) and may
 * then absorb following segments that only modify that step (留白10%, 加阴影, 保持光影一致). A head
 * parser returns undefined when the segment is not its kind of edit, and throws only when it is
 * sure the segment was meant for it (去掉独角兽: a removal of something no detector knows).
 */

export interface Draft {
  /** Takes a follow-up segment that only modifies this step; false (and no change) if it is not one. */
  absorb(seg: Segment): boolean;
  /** The finished steps (adjust may make several from one segment). */
  steps(): EditStep[];
}

export type HeadParser = (seg: Segment, instruction: string, ctx: RequestContext) => Draft | undefined;

/** The 80 classes, for details.classes in "cannot find X" errors. */
export const CLASSES: readonly string[] = Object.keys(COCO_LABELS);

export const OBJECTS_HINT =
  'the 80 detectable object classes (person, car, dog, cup, …; 人, 路人, 车, 杯子, …; details.classes lists them)';

/** 不要变红 / don't remove it: no grammar reads a negation, so it is refused rather than half-read. */
const NEGATION =
  /不要|不用|不必|不需要|(?<![特区类告分级个识性])别|勿|无需|(?<![A-Za-z])(?:don'?t|do\s+not|never|not|no)(?![A-Za-z])/iu;
/** Phrases with a negation word that are not negations of the edit. */
const NOT_NEGATION =
  /不透明|不变|不留痕迹|无背景|不要背景|(?<![A-Za-z])(?:with\s+no|without(?:\s+a|\s+the|\s+any)?)\s+background(?![A-Za-z])|(?<![A-Za-z])no\s+background(?![A-Za-z])|(?:不要|不加|不带|无|没有|去掉)(?:阴影|投影)|不要了|不要啦|(?:其他|其它|别的|其余)(?:的)?(?:地方)?(?:都)?(?:别|不要|不用)(?:动|改|碰)|(?<![A-Za-z])no\s+(?:drop\s+)?shadows?(?![A-Za-z])|don'?t\s+touch\s+anything\s+else/giu;

export function negated(text: string): boolean {
  return NEGATION.test(text.replace(NOT_NEGATION, ' '));
}

export interface SegmentParse {
  drafts: Draft[];
  /** The first segment nothing understood, if any; the caller decides how to refuse it. */
  failed?: Segment;
}

/**
 * Parses segments left to right: each one is absorbed by the step before it when it only modifies
 * that step, otherwise it must start a step of its own.
 */
export function parseSegments(
  segments: Segment[],
  instruction: string,
  heads: readonly HeadParser[],
  ctx: RequestContext = {},
): SegmentParse {
  const drafts: Draft[] = [];
  let last: Draft | undefined;
  const read = (s: Segment) =>
    heads.reduce<Draft | undefined>((found, head) => found ?? head(s, instruction, ctx), undefined);
  const readBare = (s: Segment) => {
    const bare = withoutLead(s);
    return read(s) ?? (bare ? read(bare) : undefined);
  };
  for (let k = 0; k < segments.length; k++) {
    const seg = segments[k];
    if (negated(seg.text)) return { drafts, failed: seg };
    if (last?.absorb(seg)) continue;
    let draft = readBare(seg);
    // 画面再暖一点: 再 cut off what the tone is said of; a segment no grammar reads is tried whole
    // with the one after it.
    const next = segments[k + 1];
    if (!draft && next && !negated(next.text)) {
      draft = readBare({ text: `${seg.text}${next.text}`, quotes: [...seg.quotes, ...next.quotes] });
      if (draft) k++;
    }
    if (!draft) return { drafts, failed: seg };
    drafts.push(draft);
    last = draft;
  }
  return { drafts };
}

const LOOSE = wordSet(LEAD, LEAD.loose);

/** The segment without the words before its request that only wish or point (我要那种…, give it a…). */
function withoutLead(seg: Segment): Segment | undefined {
  const toks = tokenize(seg.text);
  let k = 0;
  while (k < toks.length - 1 && LOOSE.has(toks[k].norm)) k++;
  if (k === 0) return undefined;
  return { text: seg.text.slice(toks[k].start).trim(), quotes: seg.quotes };
}

const OPPOSITES: ReadonlyArray<readonly [AdjustPreset, AdjustPreset, string]> = [
  ['brighter', 'darker', 'brighter and darker (变亮又变暗)'],
  ['warmer', 'cooler', 'warmer and cooler'],
  ['vivid', 'muted', 'more and less saturated'],
  ['more-contrast', 'less-contrast', 'more and less contrast'],
  ['mono', 'vivid', 'black and white and more vivid'],
];

/** Contradictions between steps of one plan: INVALID_ARGUMENT, never a guess at what was meant. */
export function checkPlan(steps: EditStep[], instruction: string): void {
  const presets = new Map<AdjustPreset, number>();
  for (const s of steps) {
    if (s.op !== 'adjust') continue;
    const before = presets.get(s.params.preset);
    if (before !== undefined && before !== s.params.strength) {
      throw invalid(
        instruction,
        `The instruction contradicts itself: '${s.params.preset}' is asked twice with different strengths.`,
      );
    }
    presets.set(s.params.preset, s.params.strength);
  }
  for (const [a, b, what] of OPPOSITES) {
    if (presets.has(a) && presets.has(b)) {
      throw invalid(instruction, `The instruction contradicts itself: it asks for the image to be ${what}.`);
    }
  }
  const backgrounds = steps.filter((s) => s.op === 'replace-background');
  if (new Set(backgrounds.map((s) => JSON.stringify(s.params))).size > 1) {
    throw invalid(instruction, 'The instruction contradicts itself: it replaces the background twice.');
  }
}
