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
const PLACES = wordSet(GENERATIVE_WORDS.places);
const BEHIND = wordSet(GENERATIVE_WORDS.behind);
const BACKGROUND = new Set(['背景', '背景图', '底图', 'background', 'backdrop', 'bg']);
/** Connectives that begin a clause and are not part of what to draw. */
const LEAD = /^(?:然后|接着|再|并且|并|同时|还有|and\s+then|then|also|and)\s*/iu;

export function newContentSteps(
  instruction: string,
  ctx: RequestContext,
  readLocal: (clause: string) => EditStep[] | undefined,
  why?: string,
): EditStep[] {
  const parts = located(instruction);
  if (parts.length > 1) {
    const read = parts.map((p) => (needsNewContent(p.text) ? NEW : readLocal(p.text)));
    if (read.includes(NEW) && read.some((r) => r !== NEW) && read.every((r) => r !== undefined)) {
      // Neighbouring clauses of new content are one request (给模特换个发型，要短发): one step, in their words.
      const steps: EditStep[] = [];
      let from = -1;
      for (const [i, r] of read.entries()) {
        if (r === NEW) {
          if (from < 0) from = parts[i].start;
          if (read[i + 1] !== NEW) steps.push(editStep(instruction.slice(from, parts[i].end), ctx));
          continue;
        }
        from = -1;
        steps.push(...(r as EditStep[]));
      }
      return replaced(steps, instruction);
    }
  }
  return [editStep(instruction, ctx, why)];
}

const NEW = 'new' as const;

/** The sentence's clauses with where each lies in it. */
function located(instruction: string): { text: string; start: number; end: number }[] {
  let cursor = 0;
  return clauses(instruction).map((text) => {
    const start = Math.max(cursor, instruction.indexOf(text, cursor));
    cursor = start + text.length;
    return { text, start, end: cursor };
  });
}

/**
 * 去掉杯子，换成一瓶红酒: a removal followed by new content with no place of its own is one
 * replacement, drawn where the removed thing was (and around it: the new thing has its own shape).
 */
function replaced(steps: EditStep[], instruction: string): EditStep[] {
  const out: EditStep[] = [];
  for (const step of steps) {
    const prev = out.at(-1);
    if (
      step.op === 'edit' &&
      step.target.kind === 'image' &&
      prev?.op === 'remove' &&
      prev.target.kind === 'object'
    ) {
      out[out.length - 1] = {
        op: 'edit',
        target: prev.target,
        params: { prompt: instruction, around: true },
      };
      continue;
    }
    out.push(step);
  }
  return out;
}

function editStep(clause: string, ctx: RequestContext, why?: string): GenerativeStep {
  const prompt = clause.replace(LEAD, '').trim() || clause;
  const { target, around } = where(prompt, ctx);
  return { op: 'edit', target, params: { prompt, ...(around ? { around } : {}), ...(why ? { why } : {}) } };
}

/**
 * Where the new content goes, when the sentence says so in words the local engine can ground: the
 * user's mask; the background; a thing named before the transform or add verb (给模特换一身西装 →
 * the person). A thing named after the verb is what to draw (在天空中加几只鸟), not where.
 */
function where(prompt: string, ctx: RequestContext): { target: GenerativeStep['target']; around?: true } {
  if (ctx.mask) return { target: { kind: 'mask', phrase: prompt } };
  const toks = tokenize(prompt);
  const labelIn = (from: number, span: number) =>
    toks.slice(from, from + span).find((t) => objectLabel(t.text) !== undefined);
  const object = (t: { text: string }, around?: true) => ({
    target: { kind: 'object' as const, label: objectLabel(t.text) as string, phrase: t.text },
    ...(around ? { around } : {}),
  });
  // 给这只猫戴一顶圣诞帽 / give the dog a bandana: the one given to is the place, though 给 is an add
  // word too (a word or two may stand between: 这只, the); what is given may stand out of its outline.
  for (const [i, t] of toks.entries()) {
    const given = RECIPIENT.has(t.norm) ? labelIn(i + 1, 3) : undefined;
    if (given) return object(given, true);
  }
  const verb = toks.findIndex((t) => TRANSFORM.has(t.norm) || ADD.has(t.norm));
  const before = verb < 0 ? toks : toks.slice(0, verb);
  // 在沙发上加一只猫: the thing named before an add verb is where the new thing goes, around it.
  const adding = verb >= 0 && ADD.has(toks[verb].norm);
  for (const t of before) {
    if (BACKGROUND.has(t.norm)) return { target: { kind: 'background', phrase: t.text } };
    if (objectLabel(t.text)) return adding ? object(t, true) : object(t);
  }
  // put a jungle behind the product: behind the subject is the background.
  if (adding && toks.some((t, i) => i > verb && BEHIND.has(t.norm)))
    return { target: { kind: 'background', phrase: prompt } };
  // put a cat on the chair / tulips in the vase: the thing after a place word, around it.
  if (adding) {
    const on = toks.findIndex((t, i) => i > verb && PLACES.has(t.norm));
    const place = on >= 0 ? labelIn(on + 1, 3) : undefined;
    if (place) return object(place, true);
  }
  return { target: { kind: 'image', phrase: prompt } };
}
