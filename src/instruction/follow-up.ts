import type { EditPlan, EditStep } from '../types.js';
import { parseModifiers } from './modifiers.js';
import { normalizeInstruction } from './normalize.js';

/** Words that take a session back a version (撤销) or forward again (重做). */
const UNDO_RE = /^(?:撤销|撤回|回退|还原|返回上一步|上一步|undo)(?:一下|一步|上一步)?[。.!！]*$/iu;
const REDO_RE = /^(?:重做|恢复|redo)(?:一下|一步)?[。.!！]*$/iu;

export type FollowUp = { kind: 'undo' } | { kind: 'redo' } | { kind: 'amend'; plan: EditPlan };

/**
 * A follow-up in a session, read against the plan that made the current version: 撤销 / undo, 重做 /
 * redo, or a sentence made only of style modifiers (字再大一点, 再小一点, 换成红色, 加粗) that amends
 * that plan. Undefined when the sentence is a new instruction of its own.
 *
 * An amended plan is meant to run on the version's parent, so "bigger" scales the original text
 * once more instead of enlarging an already re-rendered copy.
 */
export function parseFollowUp(
  raw: string,
  previous: EditPlan | undefined,
  maxLength?: number,
): FollowUp | undefined {
  const text = normalizeInstruction(raw, maxLength);
  if (UNDO_RE.test(text)) return { kind: 'undo' };
  if (REDO_RE.test(text)) return { kind: 'redo' };
  if (!previous || /['"‘’“”「」『』]/u.test(text)) return undefined;
  const { modifiers, conflicts, residue } = parseModifiers(text);
  if (residue !== '' || conflicts.length > 0) return undefined;
  const { color, bold, scale } = modifiers;
  if (color === undefined && bold === undefined && scale === undefined) return undefined;
  let touched = false;
  const steps = previous.steps.map((s): EditStep => {
    if (s.op === 'replace-text') {
      touched = true;
      const params = { ...s.params };
      if (color) params.color = color;
      if (bold) params.bold = true;
      if (scale) params.scale = round((params.scale ?? 1) * scale);
      return { ...s, params };
    }
    if (s.op === 'recolor' && color?.kind === 'solid' && bold === undefined && scale === undefined) {
      touched = true;
      return { ...s, params: { color } };
    }
    return s;
  });
  if (!touched) return undefined;
  return { kind: 'amend', plan: { version: 1, instruction: `${previous.instruction}；${text}`, steps } };
}

const round = (v: number) => Math.round(v * 1000) / 1000;
