import type { AdjustStep, EditStep } from '../types.js';
import { parseAdd } from './add.js';
import { parseAdjust } from './adjust.js';
import { isShadowOnly, parseBackground } from './background.js';
import type { RequestContext } from './context.js';
import { needsNewContent } from './generative.js';
import { needsGenerative, unsupported } from './help.js';
import { GENERATIVE, plannedIntent } from './intents.js';
import { checkPlan, type HeadParser, parseSegments } from './objects.js';
import { parseQuestion } from './questions.js';
import { QUOTE_MARK, type QuotedSpan, scanQuotes } from './quotes.js';
import { parseRecolor } from './recolor.js';
import { parseRemove } from './remove.js';
import { looksLikeUnquotedReplacement, quoteBareTexts } from './bare-texts.js';
import { findClauses } from './replace-text.js';
import { parseRestyleText } from './restyle-text.js';
import { type Segment, splitSegments, spell } from './segments.js';
import { textSteps } from './text-steps.js';

/**
 * The grammar's reading of a whole sentence: cut out quoted spans (quotes.ts) → find replace-text
 * clauses in what is left (replace-text.ts). Then:
 *   - with clauses: each clause is a step, the words after it its modifiers (text-steps.ts), and
 *     object-level edits between clauses are steps of their own, in sentence order;
 *   - without: a question (questions.ts) is the whole sentence; otherwise the sentence is split into
 *     segments (segments.ts) and each segment is read by the object-level grammars (remove, recolour,
 *     background, add, adjust), a segment that only modifies the step before it joining that step.
 * Finally the plan is checked for contradictions across steps (objects.ts).
 *
 * A segment no grammar reads in full is refused, as NEEDS_GENERATIVE_ENGINE when it asks for new
 * content, else as UNSUPPORTED_INSTRUCTION naming the words and the supported forms.
 */

/**
 * Tried in order on each segment: a restyled quoted text first (把'A'改成红色 keeps the text), then
 * the background (把背景换成白色 is not a recolour).
 */
const HEADS: readonly HeadParser[] = [
  parseRestyleText,
  parseBackground,
  parseRemove,
  parseAdd,
  parseRecolor,
  parseAdjust,
];

/** Why a segment was not understood, worded for the user. */
function refuse(instruction: string, shape: string, seg: Segment | undefined, whole: boolean): Error {
  if (seg && needsNewContent(seg.text)) return needsGenerative(instruction, GENERATIVE.label);
  if (seg && isShadowOnly(seg, instruction)) {
    return unsupported(instruction, 'A shadow goes with a new background: 背景换成纯白，加阴影.', {
      intent: 'replace-background',
    });
  }
  const words = seg ? spell(seg.text, seg) : '';
  const intent = seg && !seg.text.includes(QUOTE_MARK) ? plannedIntent(seg.text) : undefined;
  if (intent) {
    return unsupported(instruction, `Could not understand "${words}" (${intent.label.toLowerCase()}).`, {
      intent: intent.op,
      unrecognized: words,
    });
  }
  if (looksLikeUnquotedReplacement(shape)) {
    return unsupported(
      instruction,
      'Put the old and the new text in quotes: 把"A"改成"B" / Change "A" to "B".',
    );
  }
  if (whole || !seg) return unsupported(instruction, 'Could not understand the instruction.');
  return unsupported(instruction, `Could not understand "${words}" in the instruction.`, {
    unrecognized: words,
  });
}

function objectSteps(
  instruction: string,
  shape: string,
  quotes: QuotedSpan[],
  ctx: RequestContext,
): EditStep[] {
  const segments = splitSegments(shape, quotes);
  const { drafts, failed } = parseSegments(segments, instruction, HEADS, ctx);
  if (failed || drafts.length === 0) throw refuse(instruction, shape, failed, segments.length <= 1);
  return drafts.flatMap((d) => d.steps());
}

export function readGrammar(instruction: string, opts: { context?: RequestContext }): EditStep[] {
  let scan = scanQuotes(instruction);
  // Unquoted texts that can only be texts (把OPEN改成CLOSED, 把299改成259) are read as if quoted.
  const quoted = scan.ok && scan.quotes.length === 0 ? quoteBareTexts(instruction) : undefined;
  if (quoted) scan = scanQuotes(quoted);
  if (!scan.ok) {
    throw unsupported(instruction, `The quote ${scan.quote} at position ${scan.index + 1} is never closed.`, {
      quote: scan.quote,
      index: scan.index,
    });
  }
  const { shape, quotes } = scan;
  const clauses = findClauses(shape);
  let steps: EditStep[];
  if (clauses.length > 0) {
    steps = textSteps(instruction, shape, quotes, clauses, HEADS, opts.context);
  } else {
    // Only a sentence with no replacement clause can be a question, so edits parse exactly as before.
    const questions = parseQuestion(instruction, shape, quotes);
    if (questions) return questions;
    steps = objectSteps(instruction, shape, quotes, opts.context ?? {});
  }
  // 把商品抠出来，透明背景: the same background said twice is one step; cut out the product, put it
  // on white: the cut-out is how the subject gets onto the new background.
  const fills = steps.flatMap((s) => (s.op === 'replace-background' ? [s.params.fill.kind] : []));
  const cutThenFill =
    fills.length === 2 && fills.includes('transparent') && fills.some((f) => f !== 'transparent');
  steps = steps.filter(
    (s, i) =>
      s.op !== 'replace-background' ||
      (steps.findIndex((o) => o.op === s.op && JSON.stringify(o.params) === JSON.stringify(s.params)) === i &&
        !(cutThenFill && s.params.fill.kind === 'transparent')),
  );
  steps = mergePresets(steps);
  checkPlan(steps, instruction);
  return steps;
}

/**
 * 调得清新点，要空气感: one preset said twice is one step; a degree said once (一点) stands against
 * one left unsaid. Two different degrees said (亮一点，非常亮) stay two steps, which checkPlan refuses.
 */
function mergePresets(steps: EditStep[]): EditStep[] {
  const first = new Map<string, AdjustStep>();
  return steps.filter((s) => {
    if (s.op !== 'adjust') return true;
    const seen = first.get(s.params.preset);
    if (!seen) {
      first.set(s.params.preset, s);
      return true;
    }
    const [a, b] = [seen.params.strength, s.params.strength];
    if (a !== b && a !== 1 && b !== 1) return true;
    seen.params.strength = a === 1 ? b : a;
    return false;
  });
}
