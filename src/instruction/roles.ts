import type { EditPlan, TextRole } from '../types.js';
import { ROLE_WORDS, wordSet } from './lexicon.js';
import { scanQuotes } from './quotes.js';
import { quoteBareTexts } from './bare-texts.js';
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
  /** The sentence with each role word as a quoted stand-in (and a bare new text quoted). */
  text: string;
  /** Each stand-in used, with the role and the user's word for it. */
  roles: Map<string, { role: TextRole; phrase: string }>;
}

/**
 * The sentence with its role words replaced by stand-ins (one role word per clause: 价格改成49，
 * 标题改成红色), or undefined when it has none or a clause has two.
 */
export function readRole(instruction: string): RoleReading | undefined {
  const roles = new Map<string, { role: TextRole; phrase: string }>();
  const clauses = instruction.split(
    /(?<=[，;；]|(?<!\d),|,(?!\d{3}(?!\d)))|(?=\s+and\s+(?:change|make|turn|set|update|replace)\b)/iu,
  );
  const read = clauses.map((clause) => readClause(clause, roles));
  if (roles.size === 0 || read.some((r) => r === undefined)) return undefined;
  return { text: read.join(''), roles };
}

/** One clause with its role word (if any) replaced; undefined when it has two. */
function readClause(clause: string, roles: RoleReading['roles']): string | undefined {
  const scan = scanQuotes(clause);
  if (!scan.ok) return undefined;
  const hits = tokenize(clause).flatMap((t) => {
    const found = ROLE_SETS.find(([, set]) => set.has(t.norm));
    if (!found || scan.quotes.some((q) => t.start < q.end && q.start < t.end)) return [];
    return [{ t, role: found[0] }];
  });
  if (hits.length === 0) return clause;
  if (hits.length > 1) return undefined;
  const { t, role } = hits[0];
  const stand = `${STAND_IN[role]}${roles.size > 0 ? roles.size : ''}`;
  roles.set(stand, { role, phrase: t.text });
  const at = (s: string) => clause.slice(0, t.start) + s + clause.slice(t.end);
  // 把价格改成99元: both texts bare, the bare-text reading quotes them both; 价格改为¥79 has no 把
  // before it, which that reading wants. The clause's trailing comma stays outside.
  const body = at(stand).replace(/[,，;；]$/u, '');
  const tail = at(stand).slice(body.length);
  const bare = scan.quotes.length === 0 ? (quoteBareTexts(body) ?? quoteBareTexts(`把${body}`)) : undefined;
  return (bare ?? at(`“${stand}”`).replace(/[,，;；]$/u, '')) + tail;
}

/** The plan read from a stand-in sentence, each stand-in turned into its role; undefined unless every step is a text edit of one. */
export function roleSteps(plan: EditPlan, r: RoleReading): EditPlan['steps'] | undefined {
  const ok = plan.steps.every(
    (s) => s.op === 'replace-text' && r.roles.has(s.target.text) && s.params.text !== '',
  );
  if (!ok || plan.steps.length === 0) return undefined;
  return plan.steps.map((s) => {
    if (s.op !== 'replace-text') return s;
    const stand = s.target.text;
    const { role, phrase } = r.roles.get(stand)!;
    const { nth } = s.target;
    return {
      ...s,
      target: { text: '', role, phrase, ...(nth === undefined ? {} : { nth }) },
      params: { ...s.params, text: s.params.text === stand ? '' : s.params.text },
    };
  });
}
