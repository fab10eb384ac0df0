import type { RemoveStep, ReplaceBackgroundStep } from '../types.js';
import { unsupported } from './help.js';
import { CLASSES, type Draft, OBJECTS_HINT } from './objects.js';
import type { RequestContext } from './context.js';
import { alternation, LEAD, MARKS, VERBS, wordSet } from './lexicon.js';
import { isJoin, readPhrase } from './phrase.js';
import { B, type Segment, spell, strip } from './segments.js';
import { several } from './targets.js';
import { type Token, tokenize } from './tokens.js';

/**
 * Remove grammar (删), read from tokens (tokens.ts) with the lexicons: a removal verb
 * (lexicon/verbs.json: 去掉, 删了, P掉, 清空, remove, get rid of, …), then the words it acts on
 * (phrase.ts). Word order is free as people type it:
 *
 *   zh: [lead] [把|将] T V [掉|了|一下…]     我想把右边的车去掉 / 水印去掉 / 把"DEMO"擦了
 *       [lead] V T                          去掉远处的行人 / 麻烦去掉一下图中的车辆 / 去水印
 *   en: [lead] V T                          I want to remove the person on the left / get rid of the dog
 *       T removal                           watermark removal please
 *
 * With a --mask, a bare verb (抹掉, remove) or a phrase that points at the painting (我刷过的地方, the
 * highlighted region, this) acts on the mask. Wishes about the fill are what the op does anyway, so
 * they are accepted and ignored: 地面纹理自然延续, 不留痕迹, seamlessly, keep the background natural.
 */

/** Wishes the fill always honours (content-aware fill continues what is around the hole). */
const MODS = new RegExp(
  [
    '(?:让|使)?(?:地面|地板|背景|周围|四周|草地|砖地|墙面)?(?:的)?(?:纹理|环境|画面)?(?:要)?(?:自然)?(?:地)?' +
      '(?:延续|延伸|衔接|过渡|补全|填充|融合)(?:得)?(?:自然|好)?',
    '[(（]?(?:不要|别)?留(?:下)?痕迹[)）]?|不留痕迹|无痕(?:迹)?|(?:(?<![\\p{Script=Han}A-Za-z])|(?<=[得要很更地]))干净(?:一点|一些|些)?|保持背景(?:自然|不变|完整)|背景(?:保持)?(?:不变|自然(?:一点|一些|些)?)|其[他它余](?:部分|地方)?(?:保持)?不变',
    `${B}(?:seamlessly|cleanly|naturally|without\\s+(?:a\\s+)?trace)`,
    `${B}(?:and\\s+)?fill\\s+(?:in\\s+)?the\\s+(?:gap|hole|background|area)(?:\\s+naturally)?`,
    `${B}(?:and\\s+)?keep\\s+(?:the\\s+)?(?:background|everything\\s+else)(?:\\s+(?:natural|intact|unchanged|as\\s+is))?`,
  ].join('|'),
  'giu',
);

const REMOVE = wordSet(VERBS.remove);
const LEADS = wordSet(LEAD);
const BA = new Set(['把', '将']);
/** After the verb: particles and thanks, nothing of the target. */
const TAIL = new Set([
  '掉',
  '了',
  '吧',
  '一下',
  '一下子',
  '啦',
  '呗',
  '给',
  '去',
  '干净',
  'thx',
  'thanks',
  'please',
  'pls',
  'plz',
]);
/** A bare 去 is the verb only when the sentence goes on like one: 去掉, 去了, 去一下, 去水印. */
const GOES_ON = new Set(['掉', '了', '一下', '除', '吧']);
const MARK = wordSet(MARKS);

function verbAt(toks: Token[]): number {
  return toks.findIndex((t, i) => {
    if (!REMOVE.has(t.norm)) return false;
    if (t.norm !== '去') return true;
    const next = toks[i + 1];
    return next === undefined || GOES_ON.has(next.norm) || MARK.has(next.norm);
  });
}

/** take the cat out (of the picture) / edit him out: a split verb is a removal of what sits between. */
const SPLIT = new RegExp(
  `^(?:${alternation(VERBS.split.verbs)})\\s+(?<t>.+?)\\s+(?:${alternation(VERBS.split.particles)})` +
    `(?:\\s+(?:${alternation(VERBS.split.from)}))?$`,
  'iu',
);

export function parseRemove(seg: Segment, instruction: string, ctx: RequestContext): Draft | undefined {
  const split = SPLIT.exec(seg.text.trim());
  if (split?.groups) return parseRemove({ ...seg, text: `remove ${split.groups.t}` }, instruction, ctx);
  const { rest } = strip(seg.text, MODS);
  const toks = tokenize(rest);
  const v = verbAt(toks);
  if (v < 0) return undefined;
  let before = toks.slice(0, v);
  const after = toks.slice(v + 1).filter((t) => !TAIL.has(t.norm));
  // Before 把/将 only asking words (我想, 麻烦); without one, those are dropped from the start.
  const ba = before.findIndex((t) => BA.has(t.text));
  if (ba >= 0 && !before.slice(0, ba).every((t) => LEADS.has(t.norm))) return undefined;
  before =
    ba >= 0
      ? before.slice(ba + 1)
      : before.slice(
          Math.max(
            0,
            before.findIndex((t) => !LEADS.has(t.norm)),
          ),
        );
  // 沙发旁边那只狗帮我remove掉: asking words just before the verb belong to no target.
  while (before.length > 0 && LEADS.has(before[before.length - 1].norm)) before = before.slice(0, -1);
  // Words on both sides of the verb are two things (把衣服去掉换成西装): not a plain removal.
  if (before.length > 0 && after.length > 0) return undefined;
  const target = before.length > 0 ? before : after;
  // 路人和车 / the watermark and the car: one step per part, in the order written.
  const parts = target.length > 0 ? splitOn(target, isJoin) : [[]];
  const steps: RemoveStep[] = parts.map((part) => {
    const phrase = part.length > 0 ? spell(rest.slice(part[0].start, part.at(-1)?.end), seg) : toks[v].text;
    return { op: 'remove', target: removal(part, phrase, seg, instruction, ctx), params: {} };
  });
  const cut = steps.find((s) => s.target.kind === 'background');
  if (cut) {
    if (steps.length > 1)
      throw unsupported(instruction, 'A cut-out (去掉背景) is a step of its own.', { intent: 'remove' });
    return cutOut(cut.target.phrase);
  }
  return {
    absorb: (next) => {
      const { rest: left, any } = strip(next.text, MODS);
      return any && left === '';
    },
    steps: () => steps,
  };
}

/** The target of one removal; a `background` target stands for a cut-out (去掉背景). */
function removal(
  part: Token[],
  phrase: string,
  seg: Segment,
  instruction: string,
  ctx: RequestContext,
): RemoveStep['target'] | { kind: 'background'; phrase: string } {
  // A bare verb (抹掉 / remove) acts on the --mask; without one, checkContext says a mask is needed.
  if (part.length === 0) return { kind: 'mask', phrase };
  const read = readPhrase(part, seg, ctx, phrase);
  if (read.kind === 'several') throw several(phrase, instruction, 'remove');
  if (read.kind === 'background') return { kind: 'background', phrase };
  if (read.kind === 'unknown') {
    throw unsupported(
      instruction,
      `Scalpel cannot tell what "${phrase}" is, so it cannot remove it. It can remove ${OBJECTS_HINT}, the ` +
        "subject (主体 / the product), watermarks or text (去水印 / 去掉文字'X'), a part of the frame " +
        '(右下角 / the top-left corner), or the area of a --mask (去掉这个 / remove this).',
      { intent: 'remove', object: phrase, classes: [...CLASSES] },
    );
  }
  if (read.target.kind === 'text' && read.target.text === '') {
    throw unsupported(instruction, 'The text to remove is empty: put it between the quotes.', {
      intent: 'remove',
    });
  }
  return read.target;
}

/** Tokens cut at every token `at` accepts (the cutting tokens dropped). */
function splitOn(tokens: Token[], at: (t: Token) => boolean): Token[][] {
  const out: Token[][] = [[]];
  for (const t of tokens) {
    if (at(t)) out.push([]);
    else out[out.length - 1].push(t);
  }
  return out.filter((p) => p.length > 0);
}

function cutOut(phrase: string): Draft {
  const step: ReplaceBackgroundStep = {
    op: 'replace-background',
    target: { kind: 'background', phrase },
    params: { fill: { kind: 'transparent' }, shadow: false },
  };
  return { absorb: () => false, steps: () => [step] };
}
