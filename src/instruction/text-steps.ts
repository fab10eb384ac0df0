import type { EditStep, ReplaceTextStep } from '../types.js';
import { invalid, needsGenerative, unsupported } from './help.js';
import { needsNewContent } from './generative.js';
import { GENERATIVE } from './intents.js';
import { type KeptAspect, type Modifiers, parseModifiers, sameColor } from './modifiers.js';
import { type Draft as ObjectDraft, type HeadParser, parseSegments } from './objects.js';
import { QUOTE_MARK, type QuotedSpan } from './quotes.js';
import type { ClauseMatch } from './replace-text.js';
import { clean, splitSegments } from './segments.js';
import type { RequestContext } from './context.js';

/**
 * Replace-text clauses → steps, with object-level edits allowed between them ("把'A'改成'B'，再去掉
 * 水印"). Modifier attachment rule: the words after a clause's new-text quote, up to the start of
 * the next clause (or the end), modify that clause; so do words between its verb and its new-text
 * quote (把'A'改成红色的'B'). 都/全部/both/all in those words widen them to every clause so far.
 * Words before the first clause may only be politeness (请, please): a colour there could equally
 * describe the old text (红色的'A'), so it is refused rather than guessed.
 *
 * Only when those words are not all modifiers are they split into segments (segments.ts): the
 * segments that are object-level edits become steps in sentence order, the rest stay modifiers of
 * the clause. So everything that parsed before object edits existed parses exactly as it did.
 */

/** A step under construction, with what its modifiers asked to keep (for conflict checks). */
interface Draft {
  step: ReplaceTextStep;
  keep: Set<KeptAspect>;
}

/** Applies modifiers to a step; returns a conflict description, or undefined when consistent. */
function apply(draft: Draft, mods: Modifiers): string | undefined {
  const params = draft.step.params;
  const target = `"${draft.step.target.text}"`;
  for (const aspect of mods.keep) draft.keep.add(aspect);
  if (mods.color) {
    if (params.color && !sameColor(params.color, mods.color)) {
      return `${target} is given two different colours (${params.color.name}, ${mods.color.name})`;
    }
    // A copy: with 都/all one colour lands on several steps, which must not share an object.
    params.color = structuredClone(mods.color);
  }
  if (mods.scale !== undefined) {
    if (params.scale !== undefined && params.scale !== mods.scale)
      return `${target} is made both bigger and smaller`;
    params.scale = mods.scale;
  }
  if (mods.bold) params.bold = true;
  if (params.color && draft.keep.has('color'))
    return `${target} is asked both to change colour and to keep it`;
  if (params.scale !== undefined && draft.keep.has('size')) {
    return `${target} is asked both to change size and to keep it`;
  }
  return undefined;
}

const hasEffect = (m: Modifiers): boolean =>
  m.color !== undefined || m.bold !== undefined || m.scale !== undefined || m.all;

/** on the flyer / 海报上的: where the text is, which the text itself already says. */
const WHERE =
  /(?<![A-Za-z])(?:on|in)\s+(?:the|this|our|my)\s+(?:flyer|poster|sign|banner|menu|card|label|photo|image|picture|post|ad|graphic)(?![A-Za-z])/giu;

/** The modifiers of a text, less where it is and the closing words (能不能把'A'改成'B'啊？). */
const modifiersOf = (text: string) =>
  parseModifiers(clean(text.replace(/[?？!！。.~\s]+$/u, '').replace(WHERE, ' ')));

const show = (residue: string): string => residue.replaceAll(QUOTE_MARK, '"…"');

export function textSteps(
  instruction: string,
  shape: string,
  quotes: QuotedSpan[],
  clauses: ClauseMatch[],
  heads: readonly HeadParser[],
  ctx: RequestContext = {},
): EditStep[] {
  const readModifiers = (text: string): Modifiers => {
    // 能不能把'A'改成'B'啊？: closing words after a clause ask for nothing.
    const { modifiers, conflicts, residue } = modifiersOf(text);
    if (residue !== '') {
      throw unsupported(instruction, `Could not understand "${show(residue)}" in the instruction.`, {
        unrecognized: show(residue),
      });
    }
    if (conflicts.length > 0)
      throw invalid(instruction, `The instruction contradicts itself: ${conflicts[0]}.`);
    return modifiers;
  };

  /** The words in shape[from, to): modifier text for the clause, and object-level edits. */
  const readGap = (from: number, to: number): { mods: string; objects: ObjectDraft[] } => {
    const text = shape.slice(from, to);
    if (modifiersOf(text).residue === '') return { mods: text, objects: [] };
    const mods: string[] = [];
    const objects: ObjectDraft[] = [];
    for (const seg of splitSegments(shape, quotes, from, to)) {
      if (objects.at(-1)?.absorb(seg)) continue;
      if (modifiersOf(seg.text).residue === '') {
        mods.push(seg.text);
        continue;
      }
      const draft = parseSegments([seg], instruction, heads, ctx).drafts[0];
      if (draft) {
        objects.push(draft);
        continue;
      }
      if (needsNewContent(seg.text)) throw needsGenerative(instruction, GENERATIVE.label);
      readModifiers(text); // throws the "could not understand" error, naming the leftover words
      throw unsupported(instruction, 'Could not understand the instruction.'); // unreachable
    }
    return { mods: mods.join('，'), objects };
  };

  const order: Array<Draft | ObjectDraft> = [];
  const prefix = readGap(0, clauses[0].start);
  if (hasEffect(readModifiers(prefix.mods))) {
    throw unsupported(
      instruction,
      'Put style changes after the replacement they apply to, e.g. 把"A"改成"B"，字体颜色变红.',
    );
  }
  order.push(...prefix.objects);

  const drafts: Draft[] = [];
  clauses.forEach((clause, i) => {
    const oldText = quotes[clause.oldQuote].text;
    const newText = quotes[clause.newQuote].text;
    if (oldText === '') throw unsupported(instruction, 'The text to replace is empty.');
    if (newText === '') {
      throw unsupported(
        instruction,
        `Removing text ("${oldText}" → "") is not supported yet as a replacement: say 去掉文字'${oldText}' / ` +
          `erase the text "${oldText}".`,
      );
    }
    if (oldText === newText) {
      throw invalid(instruction, `The old and new text are the same ("${oldText}"): nothing to change.`);
    }
    if (drafts.some((d) => d.step.target.text === oldText)) {
      throw invalid(instruction, `"${oldText}" is replaced more than once.`);
    }
    const draft: Draft = {
      step: {
        op: 'replace-text',
        target: clause.nth === undefined ? { text: oldText } : { text: oldText, nth: clause.nth },
        params: { text: newText },
      },
      keep: new Set(),
    };
    drafts.push(draft);
    order.push(draft);

    const gap = readGap(clause.end, i + 1 < clauses.length ? clauses[i + 1].start : shape.length);
    for (const mods of [readModifiers(clause.inner), readModifiers(gap.mods)]) {
      for (const d of mods.all ? drafts : [draft]) {
        const conflict = apply(d, mods);
        if (conflict) throw invalid(instruction, `The instruction contradicts itself: ${conflict}.`);
      }
    }
    order.push(...gap.objects);
  });
  return order.flatMap((d) => ('keep' in d ? [d.step] : d.steps()));
}
