import type { AdjustStep, EditPlan, EditStep } from '../types.js';
import { parseAdd } from './add.js';
import { parseAdjust } from './adjust.js';
import { isShadowOnly, parseBackground } from './background.js';
import { needsNewContent } from './generative.js';
import { GENERATIVE, plannedIntent } from './intents.js';
import { needsGenerative, unsupported } from './help.js';
import { normalizeInstruction } from './normalize.js';
import { readable } from './script.js';
import { respelled } from './spelling.js';
import { checkContext, type RequestContext } from './context.js';
import { checkPlan, type HeadParser, parseSegments } from './objects.js';
import { parseQuestion } from './questions.js';
import { QUOTE_MARK, type QuotedSpan, scanQuotes } from './quotes.js';
import { parseRecolor } from './recolor.js';
import { parseRemove } from './remove.js';
import { parseRestyleText } from './restyle-text.js';
import { findClauses, looksLikeUnquotedReplacement, quoteBareTexts } from './replace-text.js';
import { type Segment, splitSegments, spell } from './segments.js';
import { textSteps } from './text-steps.js';
import { readRole, roleSteps } from './roles.js';
import { attempt, clauses, withoutContext } from './context-clauses.js';
import { resolveBack } from './anaphora.js';
import { readLoosely } from './loose.js';
import { ScalpelError } from '../errors.js';

export { SUPPORTED_EXAMPLES } from './help.js';

/**
 * Instruction → EditPlan. Pipeline: normalise → cut out quoted spans (quotes.ts) → find replace-text
 * clauses in what is left (replace-text.ts). Then:
 *   - with clauses: each clause is a step, the words after it its modifiers (text-steps.ts), and
 *     object-level edits between clauses are steps of their own, in sentence order;
 *   - without: a question (questions.ts) is the whole sentence; otherwise the sentence is split into
 *     segments (segments.ts) and each segment is read by the object-level grammars (remove, recolour,
 *     background, add, adjust), a segment that only modifies the step before it joining that step.
 * Finally the plan is checked for contradictions across steps (objects.ts).
 *
 * Nothing is guessed: a segment no grammar reads in full is refused, as NEEDS_GENERATIVE_ENGINE when
 * it asks for new content, else as UNSUPPORTED_INSTRUCTION naming the words and the supported forms.
 */

export interface ParseOptions {
  /** Longest instruction accepted, in code points after normalisation. Default 200. */
  maxLength?: number;
  /** Whether the request carries a mask and an asset image (default: neither). */
  context?: RequestContext;
}

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

export function parseInstruction(raw: string, opts: ParseOptions = {}): EditPlan {
  const typed = normalizeInstruction(raw, opts.maxLength);
  const plan = readInstruction(readable(typed) || typed, opts);
  return { ...plan, instruction: typed };
}

function readInstruction(instruction: string, opts: ParseOptions): EditPlan {
  try {
    const steps = parseNormalized(instruction, opts);
    // 那个红色的杯子不要了，删掉: without a mask, a bare removal after a removal says it again.
    const again = (s: EditStep, i: number) =>
      !opts.context?.mask &&
      i > 0 &&
      s.op === 'remove' &&
      s.target.kind === 'mask' &&
      steps[i - 1].op === 'remove';
    const said = steps.filter(again);
    if (said.length === 0) return { version: 1, instruction, steps };
    return {
      version: 1,
      instruction,
      steps: steps.filter((s, i) => !again(s, i)),
      ignored: said.map((s) => s.target.phrase ?? ''),
    };
  } catch (err) {
    if (!(err instanceof ScalpelError)) throw err;
    // 右边那辆车太抢眼了，去掉: a bare removal without a mask points back at the thing named before.
    const back = opts.context?.mask
      ? undefined
      : resolveBack(instruction, (text, mask) =>
          parseNormalized(text, { ...opts, context: { ...opts.context, mask } }),
        );
    if (back) return { version: 1, instruction, steps: back.steps, ignored: back.ignored };
    // it was shot at night / 脸都看不清: a word of new content in a clause that only says why.
    if (err.code !== 'UNSUPPORTED_INSTRUCTION' && err.code !== 'NEEDS_GENERATIVE_ENGINE') throw err;
    const steps = fallback(instruction, opts);
    if (steps) return { version: 1, instruction, steps };
    // 老板说价格写错了，把'¥299'改成'¥259'吧: clauses that only say why are set aside, and shown.
    const understood = (text: string) =>
      (attempt(() => parseNormalized(text, opts)) ?? fallback(text, opts)) !== undefined;
    const reading = withoutContext(
      instruction,
      (clause) => attempt(() => understood(clause)) === true,
      (text) => attempt(() => understood(text)) === true,
    );
    const rest =
      reading && (attempt(() => parseNormalized(reading.text, opts)) ?? fallback(reading.text, opts));
    if (reading && rest) return { version: 1, instruction, steps: rest, ignored: reading.ignored };
    // 后面那个糊糊的、正在走过去的男的去掉: the key words, said again in the grammar's words.
    const read = (text: string) =>
      readLoosely(
        text,
        opts.context ?? {},
        (part) => attempt(() => parseNormalized(part, opts)) ?? fallback(part, opts),
      );
    const fixed = respelled(instruction);
    const loose = read(instruction) ?? (fixed ? read(fixed) : undefined);
    if (loose) checkPlan(loose.steps, instruction);
    if (loose) return { version: 1, instruction, steps: loose.steps, ignored: loose.ignored };
    // The photo's cropped too tight, extend the sky: the words not understood only say why, and
    // another clause asks for new content.
    const unread = err.details?.unrecognized;
    if (typeof unread === 'string' && !needsNewContent(unread) && clauses(instruction).some(needsNewContent))
      throw needsGenerative(instruction, GENERATIVE.label);
    throw err;
  }
}

/**
 * Second readings, tried only when the sentence as typed is not understood: spaces between Chinese
 * words as clause breaks (水印去掉 背景换白, typed on a phone), then a text named by its role
 * (把价格改成99元), on either form of the sentence.
 */
function fallback(instruction: string, opts: ParseOptions): EditStep[] | undefined {
  const spaced = instruction.replace(/(?<=\p{Script=Han})\s+(?=[\p{Script=Han}“‘「『"'])/gu, '，');
  // Can the price be in red? / Could the chair be light blue instead?: a request asked as a question.
  const asked =
    /^(?:can|could)\s+(?<x>(?:the|this|that|my|our)\s+.+?)\s+be\s+(?<y>.+?)(?:\s+instead)?\s*[?？]?$/iu.exec(
      instruction,
    )?.groups;
  const request = asked ? `make ${asked.x} ${asked.y.replace(/^in\s+/iu, '')}` : undefined;
  // removethe cat pls / backgroud white: slips read as the lexicon words they are near.
  const fixed = respelled(instruction);
  const forms = [...new Set([spaced, instruction, ...(request ? [request] : []), ...(fixed ? [fixed] : [])])];
  for (const text of forms) {
    const steps = text === instruction ? undefined : attempt(() => parseNormalized(text, opts));
    if (steps) return steps;
    const role = readRole(text);
    const byRole = role
      ? attempt(() => roleSteps({ version: 1, instruction, steps: parseNormalized(role.text, opts) }, role))
      : undefined;
    if (byRole) return byRole;
  }
  return undefined;
}

function parseNormalized(instruction: string, opts: ParseOptions): EditStep[] {
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

/**
 * The plan for a request, checked against what it carries: parseInstruction, then a step that needs
 * a mask or an asset the request lacks is INVALID_ARGUMENT. What `scalpel plan`, POST /v1/plan and
 * every edit use, so showing a plan and carrying it out agree.
 */
export function planInstruction(raw: string, opts: ParseOptions = {}): EditPlan {
  const plan = parseInstruction(raw, opts);
  checkContext(plan, opts.context ?? {});
  return plan;
}
