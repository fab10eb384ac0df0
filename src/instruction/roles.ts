import type { EditPlan, TextRole } from '../types.js';
import { ROLE_WORDS, wordSet } from './lexicon.js';
import { scanQuotes } from './quotes.js';
import { quoteBareTexts } from './replace-text.js';
import { tokenize } from './tokens.js';

/**
 * Texts named by what they are (把价格改成99元, Change the price to $99, 把标题换成红色): the role
 * word stands in for a quoted text, the sentence is read as if it were one, and the step's target
 * becomes the role, found on the image by the engine (the price line; the largest line on top).
 * Tried only when the sentence as typed is not understood, and kept only when every step it gives
 * is a text replacement of that role: 去掉价格 is not read as removing some text.
 */

const ROLE_SETS = (Object.entries(ROLE_WORDS) as [TextRole, (typeof ROLE_WORDS)['price']][]).map(
  ([role, words]) => [role, wordSet(words)] as const,
);
/** A stand-in no sentence contains, that the bare-text reading takes for a text (capitalised Latin). */
const STAND_IN: Record<TextRole, string> = { price: 'ROLEXPRICE', title: 'ROLEXTITLE' };

export interface RoleReading {
  /** The sentence with the role word as a quoted stand-in (and a bare new text quoted). */
  text: string;
  role: TextRole;
  phrase: string;
}

/** The sentence with its one role word replaced by a stand-in, or undefined when it has none. */
export function readRole(instruction: string): RoleReading | undefined {
  const scan = scanQuotes(instruction);
  if (!scan.ok) return undefined;
  const toks = tokenize(instruction);
  const hits = toks.flatMap((t) => {
    const found = ROLE_SETS.find(([, set]) => set.has(t.norm));
    if (!found || scan.quotes.some((q) => t.start < q.end && q.start < t.end)) return [];
    return [{ t, role: found[0] }];
  });
  if (hits.length !== 1) return undefined;
  const { t, role } = hits[0];
  const at = (s: string) => instruction.slice(0, t.start) + s + instruction.slice(t.end);
  // 把价格改成99元: both texts bare; the bare-text reading quotes them both.
  // 价格改为¥79 has no 把 before it; the bare-text reading wants one.
  const bare =
    scan.quotes.length === 0
      ? (quoteBareTexts(at(STAND_IN[role])) ?? quoteBareTexts(`把${at(STAND_IN[role])}`))
      : undefined;
  return { text: bare ?? at(`“${STAND_IN[role]}”`), role, phrase: t.text };
}

/** The plan read from a stand-in sentence, with the stand-in turned into the role; undefined if it is not a text edit of it. */
export function roleSteps(plan: EditPlan, r: RoleReading): EditPlan['steps'] | undefined {
  const stand = STAND_IN[r.role];
  const ok = plan.steps.every(
    (s) => s.op === 'replace-text' && s.target.text === stand && s.params.text !== '',
  );
  if (!ok || plan.steps.length === 0) return undefined;
  return plan.steps.map((s) => {
    if (s.op !== 'replace-text') return s;
    const { nth } = s.target;
    return {
      ...s,
      target: { text: '', role: r.role, phrase: r.phrase, ...(nth === undefined ? {} : { nth }) },
      params: { ...s.params, text: s.params.text === stand ? '' : s.params.text },
    };
  });
}
