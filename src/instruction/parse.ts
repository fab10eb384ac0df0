import type { EditPlan, EditStep } from '../types.js';
import { refuseForgery } from '../safety/forgery.js';
import { ScalpelError } from '../errors.js';
import { resolveBack } from './anaphora.js';
import { checkContext, type RequestContext } from './context.js';
import { attempt, clauses, withoutContext } from './context-clauses.js';
import { needsNewContent } from './generative.js';
import { readGrammar } from './grammar.js';
import { noContradiction, withoutKeeps } from './keep-clauses.js';
import { needsGenerative } from './help.js';
import { newContentSteps } from './new-content.js';
import { GENERATIVE } from './intents.js';
import { readLoosely } from './loose.js';
import { normalizeInstruction } from './normalize.js';
import { checkPlan } from './objects.js';
import { readRole, roleSteps } from './roles.js';
import { readable } from './script.js';
import { respelled } from './spelling.js';
import { unwrap } from './wrappers.js';

export { SUPPORTED_EXAMPLES } from './help.js';

/**
 * Instruction → EditPlan: normalise, then read the sentence (script.ts: traditional Chinese and
 * emoji) with the grammar (grammar.ts). A sentence the grammar does not read as typed is read again,
 * in this order, and the first reading understood wins:
 *   - a bare removal pointing back at a thing named before it (anaphora.ts);
 *   - second forms of the sentence: spaces as clause breaks, a request asked as a question, a text
 *     named by its role, English slips respelled (fallback below);
 *   - without the clauses that only say why (context-clauses.ts), listed in the plan's `ignored`;
 *   - the loose reading of its key words (loose.ts), the words it set aside listed in `ignored`.
 * Nothing is guessed: what none of them reads is refused with the grammar's own error.
 */

export interface ParseOptions {
  /** Longest instruction accepted, in code points after normalisation. Default 200. */
  maxLength?: number;
  /** Whether the request carries a mask and an asset image (default: neither). */
  context?: RequestContext;
}

export function parseInstruction(raw: string, opts: ParseOptions = {}): EditPlan {
  const typed = normalizeInstruction(raw, opts.maxLength);
  const text = readable(typed) || typed;
  try {
    return { ...readInstruction(text, opts), instruction: typed };
  } catch (err) {
    // New content is a step of its own; the engine router answers whether anyone can draw it.
    if (!(err instanceof ScalpelError) || err.code !== 'NEEDS_GENERATIVE_ENGINE') throw err;
    const local = (clause: string) => attempt(() => readInstruction(clause, opts).steps);
    const why = typeof err.details.why === 'string' ? err.details.why : undefined;
    return { version: 1, instruction: typed, steps: newContentSteps(text, opts.context ?? {}, local, why) };
  }
}

function readInstruction(instruction: string, opts: ParseOptions): EditPlan {
  // 把杯子换成蓝色，其他地方不要动: what it asks to leave alone, every edit leaves alone.
  const keep = withoutKeeps(instruction);
  const asked = keep && attempt(() => readInstruction(keep.text, opts));
  if (keep && asked) return { ...asked, instruction, kept: noContradiction(asked.steps, keep) };
  try {
    const steps = readGrammar(instruction, opts);
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
    // Task: make the image cooler / 不知道能不能把…: the request without what wraps it.
    const bare = unwrap(instruction);
    const inner = bare && attempt(() => readInstruction(bare.text, opts));
    if (bare && inner) return { ...inner, instruction, ignored: [bare.wrapper, ...(inner.ignored ?? [])] };
    // 右边那辆车太抢眼了，去掉: a bare removal without a mask points back at the thing named before.
    const back = opts.context?.mask
      ? undefined
      : resolveBack(instruction, (text, mask) =>
          readGrammar(text, { ...opts, context: { ...opts.context, mask } }),
        );
    if (back) return { version: 1, instruction, steps: back.steps, ignored: back.ignored };
    // it was shot at night / 脸都看不清: a word of new content in a clause that only says why.
    if (err.code !== 'UNSUPPORTED_INSTRUCTION' && err.code !== 'NEEDS_GENERATIVE_ENGINE') throw err;
    const steps = fallback(instruction, opts);
    if (steps) return { version: 1, instruction, steps };
    // 老板说价格写错了，把'¥299'改成'¥259'吧: clauses that only say why are set aside, and shown.
    const understood = (text: string) =>
      (attempt(() => readGrammar(text, opts)) ?? fallback(text, opts)) !== undefined;
    const reading = withoutContext(
      instruction,
      (clause) => attempt(() => understood(clause)) === true,
      (text) => attempt(() => understood(text)) === true,
    );
    const rest = reading && (attempt(() => readGrammar(reading.text, opts)) ?? fallback(reading.text, opts));
    if (reading && rest) return { version: 1, instruction, steps: rest, ignored: reading.ignored };
    // 后面那个糊糊的、正在走过去的男的去掉: the key words, said again in the grammar's words.
    const read = (text: string) =>
      readLoosely(
        text,
        opts.context ?? {},
        (part) => attempt(() => readGrammar(part, opts)) ?? fallback(part, opts),
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

const ADDRESS =
  /((?:https?:\/\/)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|cn|shop|store|me|app)(?:\/[^\s，,]*)?|@[\p{L}\p{N}_.]{2,})/giu;

/**
 * Second readings, tried only when the sentence as typed is not understood: spaces between Chinese
 * words as clause breaks (水印去掉 背景换白, typed on a phone), then a text named by its role
 * (把价格改成99元), on either form of the sentence.
 */
function fallback(instruction: string, opts: ParseOptions): EditStep[] | undefined {
  const spaced = instruction.replace(/(?<=\p{Script=Han})\s+(?=[\p{Script=Han}“‘「『"'])/gu, '，');
  // Can the price be in red? / Could the chair be light blue instead?: a request asked as a question.
  const asked =
    /^(?:can|could)\s+(?<x>(?:the|this|that|my|our)\s+.+?)\s+(?:just\s+|maybe\s+)?be\s+(?<y>.+?)(?:\s+instead)?\s*[?？]?$/iu.exec(
      instruction,
    )?.groups;
  const request = asked ? `make ${asked.x} ${asked.y.replace(/^in\s+/iu, '')}` : undefined;
  // removethe cat pls / backgroud white: slips read as the lexicon words they are near.
  const fixed = respelled(instruction);
  // 底部加一行字：全场包邮 / add the caption: Made with love — the words after the colon are the text.
  const colon = instruction.replace(
    /((?:字|文字|文案|标语|写着|写上|text|caption|copy|slogan|tagline|saying|reads?)\s*[:：]\s*|(?:几个字|一行字|字)\s+)([^"“”'‘’「」\s]+?)\s*$/iu,
    '$1“$2”',
  );
  // put our website www.bloomandco.com in the corner: an address or a handle can only be a text.
  const named = /["“”'‘’「」]/u.test(instruction)
    ? instruction
    : instruction
        .replace(ADDRESS, '“$1”')
        // make the word FREE yellow: a word in capitals named as a word is a text.
        .replace(
          /(?<=(?:word|words|text)\s)([A-Z][A-Z0-9&'-]+(?:\s[A-Z][A-Z0-9&'-]+)*)(?![A-Za-z])/gu,
          '“$1”',
        )
        // delete the text 限时优惠 / 去掉文字SALE / 字 SALE 去掉: Chinese words named as a text in
        // English, capitals named as a text in Chinese.
        .replace(/(?<=(?:word|words|text)\s)(\p{Script=Han}+)/gu, '“$1”')
        .replace(/(?<=(?:文字|字样|字)\s?)([A-Z][A-Z0-9&'-]+(?:\s[A-Z][A-Z0-9&'-]+)*)(?![A-Za-z])/gu, '“$1”');
  // bg -> white / replace 'v1.0' w/ 'v2.0' / rm watermark + brighten a bit: shorthand spelt out.
  const spelt = instruction
    .replace(/(?<![A-Za-z])w\/(?=\s)/giu, 'with')
    .replace(/\s\+\s/gu, '，')
    .replace(/^([^"“”'‘’「」]+?)\s*(?:->|→|=>)\s*([^"“”'‘’「」]+)$/u, 'change $1 to $2');
  const forms = [
    ...new Set([
      spaced,
      instruction,
      ...(request ? [request] : []),
      ...(fixed ? [fixed] : []),
      colon,
      named,
      spelt,
    ]),
  ];
  for (const text of forms) {
    const steps = text === instruction ? undefined : attempt(() => readGrammar(text, opts));
    if (steps) return steps;
    const role = readRole(text);
    const byRole = role
      ? attempt(() => roleSteps({ version: 1, instruction, steps: readGrammar(role.text, opts) }, role))
      : undefined;
    if (byRole) return byRole;
  }
  return undefined;
}

/**
 * The plan for a request, checked against what it carries: parseInstruction, then a step that needs
 * a mask or an asset the request lacks is INVALID_ARGUMENT. What `scalpel plan`, POST /v1/plan and
 * every edit use, so showing a plan and carrying it out agree.
 */
export function planInstruction(raw: string, opts: ParseOptions = {}): EditPlan {
  refuseForgery(normalizeInstruction(raw, opts.maxLength));
  const plan = parseInstruction(raw, opts);
  checkContext(plan, opts.context ?? {});
  return plan;
}
