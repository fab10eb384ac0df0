import { ScalpelError } from '../errors.js';
import type { EditPlan, ReplaceTextStep } from '../types.js';
import { type KeptAspect, type Modifiers, parseModifiers, sameColor } from './modifiers.js';
import { normalizeInstruction } from './normalize.js';
import { parseQuestion } from './questions.js';
import { QUOTE_MARK, scanQuotes } from './quotes.js';
import { plannedIntent } from './intents.js';
import { findClauses, looksLikeUnquotedReplacement } from './replace-text.js';

/**
 * Instruction → EditPlan. Pipeline: normalise → cut out quoted spans → find replace-text clauses
 * in what is left → read the words between clauses as style modifiers.
 *
 * Modifier attachment rule: the words after a clause's new-text quote, up to the start of the
 * next clause (or the end), modify that clause; so do words between its verb and its new-text
 * quote (把'A'改成红色的'B'). 都/全部/both/all in those words widen them to every clause so far.
 * Words before the first clause may only be politeness (请, please): a colour there could equally
 * describe the old text (红色的'A'), so it is refused rather than guessed.
 */

export interface ParseOptions {
  /** Longest instruction accepted, in code points after normalisation. Default 100. */
  maxLength?: number;
}

/** Shown to the user (details.supported) whenever an instruction is not understood. */
export const SUPPORTED_EXAMPLES: readonly string[] = [
  '把"A"改成"B"',
  '将“A”改为“B”，字体颜色变红',
  '把「A」换成「B」，加粗，放大一点',
  "把'A'改成'B'，字体颜色变为渐变金色，保持原有倾斜角度",
  'Change "A" to "B"',
  'Replace "A" with "B" in gold gradient, bold',
  '"A" -> "B"',
  '图中有没有狗？',
  'Is there a car?',
  "图中有没有'¥199'",
  'Where is the price?',
];

const HELP =
  'Scalpel can currently replace text: 把"A"改成"B" / Change "A" to "B", optionally with a colour ' +
  '(字体颜色变红 / in red / #ff0000 / 渐变金色), 加粗 / bold, 放大 / bigger, 缩小 / smaller; and answer ' +
  "questions: 图中有没有狗？ / Is there a car? / 图中有没有'¥199' / Where is the price?";

function unsupported(
  instruction: string,
  message: string,
  extra: Record<string, unknown> = {},
): ScalpelError {
  return new ScalpelError('UNSUPPORTED_INSTRUCTION', `${message} ${HELP}`, {
    stage: 'parse',
    details: { instruction, supported: [...SUPPORTED_EXAMPLES], ...extra },
  });
}

function invalid(instruction: string, message: string): ScalpelError {
  return new ScalpelError('INVALID_ARGUMENT', message, { stage: 'parse', details: { instruction } });
}

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

const show = (residue: string): string => residue.replaceAll(QUOTE_MARK, '"…"');

export function parseInstruction(raw: string, opts: ParseOptions = {}): EditPlan {
  const instruction = normalizeInstruction(raw, opts.maxLength);
  const scan = scanQuotes(instruction);
  if (!scan.ok) {
    throw unsupported(instruction, `The quote ${scan.quote} at position ${scan.index + 1} is never closed.`, {
      quote: scan.quote,
      index: scan.index,
    });
  }
  const { shape, quotes } = scan;
  const clauses = findClauses(shape);
  if (clauses.length === 0) {
    // Only a sentence with no replacement clause can be a question, so edits parse exactly as before.
    const question = parseQuestion(instruction, shape, quotes);
    if (question) return { version: 1, instruction, steps: [question] };
    const intent = shape.includes(QUOTE_MARK) ? undefined : plannedIntent(shape);
    if (intent?.op === 'generative') {
      throw new ScalpelError(
        'NEEDS_GENERATIVE_ENGINE',
        `${intent.label} needs a generative engine: the local engine only moves and repaints pixels ` +
          'that are already there. No generative engine is configured (remote engines are not built yet).',
        { stage: 'parse', details: { instruction, intent: intent.op } },
      );
    }
    if (intent) {
      throw unsupported(instruction, `${intent.label} is not supported yet.`, { intent: intent.op });
    }
    if (looksLikeUnquotedReplacement(shape)) {
      throw unsupported(
        instruction,
        'Put the old and the new text in quotes: 把"A"改成"B" / Change "A" to "B".',
      );
    }
    throw unsupported(instruction, 'Could not understand the instruction.');
  }

  const readModifiers = (text: string): Modifiers => {
    const { modifiers, conflicts, residue } = parseModifiers(text);
    if (residue !== '') {
      throw unsupported(instruction, `Could not understand "${show(residue)}" in the instruction.`, {
        unrecognized: show(residue),
      });
    }
    if (conflicts.length > 0)
      throw invalid(instruction, `The instruction contradicts itself: ${conflicts[0]}.`);
    return modifiers;
  };

  if (hasEffect(readModifiers(shape.slice(0, clauses[0].start)))) {
    throw unsupported(
      instruction,
      'Put style changes after the replacement they apply to, e.g. 把"A"改成"B"，字体颜色变红.',
    );
  }

  const drafts: Draft[] = [];
  clauses.forEach((clause, i) => {
    const oldText = quotes[clause.oldQuote].text;
    const newText = quotes[clause.newQuote].text;
    if (oldText === '') throw unsupported(instruction, 'The text to replace is empty.');
    if (newText === '') {
      throw unsupported(instruction, `Removing text ("${oldText}" → "") is not supported yet.`);
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

    const end = i + 1 < clauses.length ? clauses[i + 1].start : shape.length;
    for (const mods of [readModifiers(clause.inner), readModifiers(shape.slice(clause.end, end))]) {
      for (const d of mods.all ? drafts : [draft]) {
        const conflict = apply(d, mods);
        if (conflict) throw invalid(instruction, `The instruction contradicts itself: ${conflict}.`);
      }
    }
  });

  return { version: 1, instruction, steps: drafts.map((d) => d.step) };
}
