import type { EditStep } from '../types.js';
import * as BW from './background-words.js';
import type { RequestContext } from './context.js';
import { asks, clauses } from './context-clauses.js';
import { FILLERS, LOOSE, PLACES, ROLE_WORDS, TEXT_VERBS, alternation } from './lexicon.js';
import { NUMBER, restate } from './loose-say.js';
import { has, isFiller, type Seen, spot, type Thing } from './loose-spot.js';
import { asksToCreate, needsNewContent } from './generative.js';
import { negated } from './objects.js';
import { scanQuotes } from './quotes.js';
import { clean } from './segments.js';
import { type Token, tokenize } from './tokens.js';

/**
 * The last reading, for a sentence no grammar reads in full: people describe what they see (后面那个
 * 糊糊的、正在走过去的男的去掉), say what is wrong (那个水印好扎眼啊, her handbag should be burgundy,
 * not brown) or point back (there's a random dude on the left, lose him). Each clause is read by the
 * grammar if it can be; otherwise its key words are spotted with the lexicons (loose-spot.ts), the
 * request is said again in the grammar's own words (loose-say.ts), and the grammar reads that. A
 * clause with no key word is context; every word not used is listed in the plan's `ignored`. A
 * clause with key words that make no request fails the whole reading, so nothing is guessed.
 */

type Parse = (text: string) => EditStep[] | undefined;

const isPrice = has(ROLE_WORDS.price);
const isTitle = has(ROLE_WORDS.title);
const isJoin = has(FILLERS.joins);
const isSays = has(LOOSE.says);
const isForward = has(TEXT_VERBS.forward);
const PLACE_ZH = alternation(PLACES.flatMap(([, w]) => w.zh));
const BREAKS = new RegExp(
  `\\s+(?:${alternation(LOOSE.breaks.en)})\\s+|(?<!(?:${PLACE_ZH})的?)(?:${alternation(LOOSE.breaks.zh)})(?=\\p{Script=Han})|` +
    '\\s+and\\s+(?=(?:put|add|make|remove|change|blur|turn|give|stick|place|erase|delete)\\s)',
  'giu',
);
/** 画面右边那只狗不要: 不要 at the end says the thing is unwanted, not that the edit is. */
const UNWANTED_END = /(?:不要|不想要|不需要|不想出镜|不想入镜|不想被拍到|不想露脸)[了啦吧啊呀]*$/u;

export function readLoosely(
  instruction: string,
  ctx: RequestContext,
  parse: Parse,
): { steps: EditStep[]; ignored: string[] } | undefined {
  // A part that follows then / 然后 / 再 is a request of its own, never context.
  const parts = clauses(instruction).flatMap((c) =>
    c
      .split(BREAKS)
      .map((text, k) => ({ text: text.trim(), next: k > 0 }))
      .filter((p) => p.text !== ''),
  );
  const steps: EditStep[] = [];
  const ignored: string[] = [];
  // What was talked about before: a later clause may only say what to do with it (lose him, 换成浅灰).
  let topic: Thing | 'background' | undefined;
  let role: 'price' | 'title' | undefined;
  let shown: string | undefined;
  let prev: { text: string; count: number } | undefined;
  for (let i = 0; i < parts.length; i++) {
    const { text: part, next } = parts[i];
    // 弄成红色，再加粗: a clause that only modifies the request before it is read with it.
    const joined = prev && !parse(part) && parse(`${prev.text}，${part}`);
    if (prev && joined) {
      steps.splice(steps.length - prev.count, prev.count, ...joined);
      prev = { text: `${prev.text}，${part}`, count: joined.length };
      continue;
    }
    const read = readPart(part);
    if (read?.steps) {
      steps.push(...read.steps);
      if (read.unused) ignored.push(read.unused);
      prev = { text: read.said ?? part, count: read.steps.length };
      continue;
    }
    // 背景做成左右方向的渐变，橙到黄: a request that names what it changes but not to what is said
    // over two clauses.
    if (read?.incomplete && i + 1 < parts.length) {
      parts[i + 1] = { ...parts[i + 1], text: `${part}，${parts[i + 1].text}` };
      continue;
    }
    // A colour said against (not brown, too orange) asks for nothing; spot() kept the ones that do.
    // 麻烦了 / thanks so much: closing words alone.
    if (read !== undefined && clean(part) === '') continue;
    if (read === undefined || read.incomplete || next || asks(part, false)) return undefined;
    ignored.push(part);
  }
  return steps.length > 0 ? { steps: unique(steps), ignored } : undefined;

  /** Steps for one clause; `{}` when it asks for nothing (context); undefined when it asks but is not read. */
  function readPart(
    part: string,
  ): { steps?: EditStep[]; unused?: string; said?: string; incomplete?: boolean } | undefined {
    const strict = parse(part);
    if (strict) return { steps: strict };
    const scan = scanQuotes(part);
    if (!scan.ok) return undefined;
    const quotes = scan.quotes.map((q) => q.text);
    // from top to bottom, 左右方向: a gradient's direction, not a place.
    const toks = tokenize(scan.shape.replace(BW.HORIZONTAL, ' ').replace(BW.VERTICAL, ' '));
    const seen = spot(toks, part);
    // What the grammar refuses stays refused: two things joined (LOGO和水印), a negated request
    // (不要去掉水印; "not brown" beside a request is only a contrast).
    if (toks.some(isJoin) || (needsNewContent(part) && asks(part, false))) return undefined;
    // generate a girl in a red dress: a picture asked for from nothing is no edit to read loosely.
    if (asksToCreate(part)) return undefined;
    // no ppl / no watermark: said as a whole request, 'no' wants the thing gone.
    if (/^no\s+[a-z]+$/iu.test(part) && seen.thing.noun) [seen.remove, seen.thing.all] = [true, true];
    else if (negated(part) && !UNWANTED_END.test(part))
      return seen.remove || seen.add || seen.thing.noun || quotes.length > 0 ? undefined : {};
    if (quotes.length > 0) seen.cue = true;
    // the flyer says 'Friday' … change it to 'Saturday' / 海报上写的是2023，改成2024.
    const value =
      quotes.length === 1 ? quotes[0] : quotes.length === 0 ? NUMBER.exec(scan.shape)?.[0] : undefined;
    if (
      value &&
      toks.some(isSays) &&
      !seen.remove &&
      !seen.add &&
      !toks.some((t) => isPrice(t) || isTitle(t))
    ) {
      shown = value;
      return {};
    }
    if (value && shown && value !== shown && toks.some(isForward))
      return readSaid(`change '${shown}' to '${value}'`, toks, seen);
    const thing = seen.thing.noun || seen.thing.anchor ? seen.thing : undefined;
    const named = toks.some(isPrice) ? 'price' : toks.some(isTitle) ? 'title' : undefined;
    role = named ?? role;
    // Nothing named here: the clause speaks of what was named before.
    // the biggest one, the one on the left: a size or place said of what was named before.
    const before = typeof topic === 'object' ? topic : undefined;
    const picked =
      before && !seen.thing.noun && (seen.thing.size || seen.thing.anchor) && seen.pronoun
        ? {
            ...before,
            size: seen.thing.size ?? before.size,
            anchor: seen.thing.anchor ?? before.anchor,
            all: false,
          }
        : undefined;
    const about = picked ?? thing ?? (seen.thing.noun === undefined && !seen.unread ? topic : undefined);
    if (about === 'background') seen.background = true;
    const said = restate(
      seen,
      quotes,
      about === 'background' ? undefined : about,
      role,
      part,
      instruction,
      ctx,
    );
    topic = thing ?? (seen.background ? 'background' : topic);
    if (said === undefined) {
      if (seen.cue) return undefined;
      // the place I painted, please delete: the painted area named alone waits for its verb.
      const maskOnly = ctx.mask === true && seen.pronoun && !seen.remove && !seen.add;
      return {
        incomplete:
          !thing && (seen.background || seen.add || maskOnly || (named !== undefined && !negated(part))),
      };
    }
    return readSaid(said, toks, seen);
  }

  /** The restatement read by the grammar, with the clause's words it did not use. */
  function readSaid(said: string, toks: Token[], seen: Seen) {
    const steps = parse(said);
    if (!steps) return undefined;
    const unused = toks.filter((t, i) => !seen.used.has(i) && !isFiller(t)).map((t) => t.text);
    return { steps, said, unused: unused.join(toks.some((t) => /\p{Script=Han}/u.test(t.text)) ? '' : ' ') };
  }
}

/** The same step said twice (there's a dude on the left, lose him) is one step. */
function unique(steps: EditStep[]): EditStep[] {
  const key = (s: EditStep) => JSON.stringify([s.op, { ...s.target, phrase: '' }, s.params]);
  return steps.filter((s, i) => steps.findIndex((o) => key(o) === key(s)) === i);
}
