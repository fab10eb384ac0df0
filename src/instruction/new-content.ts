import type { EditStep, GenerativeStep } from '../types.js';
import { objectLabel } from '../perception/labels.js';
import { clauses } from './context-clauses.js';
import type { RequestContext } from './context.js';
import { needsNewContent } from './generative.js';
import { GENERATIVE_WORDS, wordSet } from './lexicon.js';
import { tokenize } from './tokens.js';

/**
 * A sentence that asks for new content becomes a plan of its own: its `edit` steps carry the user's
 * words, and the engine router decides who draws them (NEEDS_GENERATIVE_ENGINE only when no engine
 * can). Clauses the local grammar reads stay local steps (去掉水印，然后背景加入樱花 → remove + edit);
 * a sentence mixing new content with words nothing reads is one edit step, worded as typed.
 */

const TRANSFORM = wordSet(GENERATIVE_WORDS.transform);
const ADD = wordSet(GENERATIVE_WORDS.add);
const RECIPIENT = wordSet(GENERATIVE_WORDS.recipient);
const BACKGROUND = new Set(['背景', '背景图', '底图', 'background', 'backdrop', 'bg']);
/** Connectives that begin a clause and are not part of what to draw. */
const LEAD = /^(?:然后|接着|再|并且|并|同时|还有|and\s+then|then|also|and)\s*/iu;

export function newContentSteps(
  instruction: string,
  ctx: RequestContext,
  readLocal: (clause: string) => EditStep[] | undefined,
  why?: string,
): EditStep[] {
  const parts = clauses(instruction);
  if (parts.length > 1) {
    const steps = parts.map((c) => (needsNewContent(c) ? [editStep(c, ctx)] : readLocal(c)));
    if (steps.every((s) => s !== undefined) && steps.some((s) => s.some((x) => x.op === 'edit')))
      return steps.flat() as EditStep[];
  }
  return [editStep(instruction, ctx, why)];
}

function editStep(clause: string, ctx: RequestContext, why?: string): GenerativeStep {
  const prompt = clause.replace(LEAD, '').trim() || clause;
  return { op: 'edit', target: where(prompt, ctx), params: { prompt, ...(why ? { why } : {}) } };
}

/**
 * Where the new content goes, when the sentence says so in words the local engine can ground: the
 * user's mask; the background; a thing named before the transform or add verb (给模特换一身西装 →
 * the person). A thing named after the verb is what to draw (在天空中加几只鸟), not where.
 */
function where(prompt: string, ctx: RequestContext): GenerativeStep['target'] {
  if (ctx.mask) return { kind: 'mask', phrase: prompt };
  const toks = tokenize(prompt);
  // 给模特换一身西装 / give him a beard: the one given to is the place, though 给 is an add word too.
  const given = toks.findIndex(
    (t, i) => RECIPIENT.has(t.norm) && toks[i + 1] && objectLabel(toks[i + 1].text),
  );
  if (given >= 0) {
    const t = toks[given + 1];
    return { kind: 'object', label: objectLabel(t.text) as string, phrase: t.text };
  }
  const verb = toks.findIndex((t) => TRANSFORM.has(t.norm) || ADD.has(t.norm));
  const before = verb < 0 ? toks : toks.slice(0, verb);
  for (const t of before) {
    if (BACKGROUND.has(t.norm)) return { kind: 'background', phrase: t.text };
    const label = objectLabel(t.text);
    if (label) return { kind: 'object', label, phrase: t.text };
  }
  return { kind: 'image', phrase: prompt };
}
