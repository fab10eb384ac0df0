import { objectLabel } from '../perception/labels.js';
import { ScalpelError } from '../errors.js';
import type { EditStep } from '../types.js';
import { clauses } from './context-clauses.js';
import { scanQuotes } from './quotes.js';

/**
 * Clauses that ask to leave something alone (其他地方不要动, 背景不变, leave everything else as is,
 * don't touch the background). Every edit already does (nothing outside a step's region changes),
 * so such a clause adds no step; it is kept in the plan (`kept`) to show it was read. One that names
 * a thing a step changes (背景不要动 beside 背景换成白色, beside a whole-image grade or an overlay) is
 * a contradiction, refused as such.
 */

const REST_ZH =
  '(?:其他|其它|其余|别的|剩下|其他的|其它的|剩下的)?(?:啥|什么|任何东西|任何地方)|(?:其他|其它|其余|别的|剩下|其他的|其它的|剩下的)(?:地方|部分|区域|位置|内容|东西|元素)?|别处|其余部分';
const THING_ZH = '背景|底色|背景色|[\\p{Script=Han}A-Za-z]{1,6}?';
const KEEP_ZH =
  '(?:都|也|全部|一律|统统|全都|请|千万|尽量)*(?:不要|别|勿|不|不用|不需要|不必)(?:去)?(?:改变|修改|处理|动|改|变|碰|调)(?![到着])了?|(?:都|全部|请)?(?:保持|维持)(?:不变|原样|原状|原来的样子)|(?:都|请)?原样保留|(?:都|请)?保留(?:原样)?';
const TAIL_ZH = '(?:哦|哈|啊|呀|吧|了|哟|谢谢|喔)*';
const ZH = [
  // 其他地方不要动 / 背景保持不变 / 背景不变
  new RegExp(`^(?:请|麻烦)?(?<thing>${REST_ZH}|${THING_ZH})(?:的)?(?:地方)?(?:${KEEP_ZH})${TAIL_ZH}$`, 'u'),
  // 别动其他地方 / 不要改变背景 / 保持背景不变
  new RegExp(
    `^(?:请|麻烦|但是?|并且|同时)?(?:${KEEP_ZH}|保持|保留)(?<thing>${REST_ZH}|${THING_ZH})(?:不变|原样)?${TAIL_ZH}$`,
    'u',
  ),
];

const REST_EN =
  '(?:everything|anything|all|the\\s+rest|nothing)(?:\\s+else)?|the\\s+rest(?:\\s+of\\s+(?:it|the\\s+(?:image|photo|picture)))?';
const THING_EN = '(?:the\\s+)?[a-z]+(?:\\s+[a-z]+)?';
const SAME_EN = 'as\\s+(?:it\\s+)?is|unchanged|untouched|alone|the\\s+same|intact|as\\s+it\\s+was';
const EN = [
  // leave everything else as is / keep the background unchanged / keep the rest intact
  new RegExp(
    `^(?:and\\s+|but\\s+)?(?:please\\s+)?(?:leave|keep)\\s+(?<thing>${REST_EN}|${THING_EN})\\s+(?:${SAME_EN})(?:\\s+please)?$`,
    'iu',
  ),
  // don't touch anything else / do not change the background / without changing anything else
  new RegExp(
    `^(?:and\\s+|but\\s+)?(?:please\\s+)?(?:don'?t|do\\s+not|never|without)\\s+(?:touch|touching|change|changing|modify|modifying|alter|altering|edit|editing|move|moving)\\s+(?<thing>${REST_EN}|${THING_EN})(?:\\s+please)?$`,
    'iu',
  ),
];

const EN_JOIN =
  /[.]\s+(?=(?:please\s+)?(?:keep|leave|don'?t|do\s+not)\b)|\s+(?:but|and|while)\s+(?=(?:please\s+)?(?:keep|leave|don'?t|do\s+not|without)\b)|\s+(?=without\s+(?:touching|changing|altering|modifying)\b)/giu;
const REST = new RegExp(`^(?:${REST_ZH}|${REST_EN})$`, 'iu');
const BACKGROUND = /^(?:背景|底色|背景色|(?:the\s+)?(?:background|backdrop|bg))$/iu;

/** What one clause asks to keep: the rest of the image, or a thing by name; undefined if it asks no such thing. */
export function keepOf(clause: string): { rest: true } | { thing: string } | undefined {
  const c = clause.trim().replace(/[.。!！~～]+$/u, '');
  for (const re of [...ZH, ...EN]) {
    const thing = re.exec(c)?.groups?.thing?.trim();
    if (!thing) continue;
    if (REST.test(thing)) return { rest: true };
    if (BACKGROUND.test(thing) || objectLabel(thing.replace(/^the\s+/iu, ''))) return { thing };
  }
  return undefined;
}

/** The sentence without its keep clauses, and those clauses; undefined when it has none. */
export function withoutKeeps(text: string): { text: string; kept: string[]; things: string[] } | undefined {
  // …white but keep the person unchanged / …blue and leave the rest alone: a clause of its own (a
  // quoted text is left as it is).
  const scan = scanQuotes(text);
  const inQuote = (at: number) => scan.ok && scan.quotes.some((q) => at > q.start && at < q.end);
  const parts = clauses(text.replace(EN_JOIN, (m: string, at: number) => (inQuote(at) ? m : ', ')));
  const read = parts.map((c) => ({ c, keep: keepOf(c) }));
  const kept = read.filter((r) => r.keep).map((r) => r.c);
  if (kept.length === 0 || kept.length === parts.length) return undefined;
  const things = read.flatMap((r) => (r.keep && 'thing' in r.keep ? [r.keep.thing] : []));
  return {
    text: read
      .filter((r) => !r.keep)
      .map((r) => r.c)
      .join('，'),
    kept,
    things,
  };
}

/**
 * The keep clauses, or UNSUPPORTED_INSTRUCTION when a step changes a thing the sentence also asks to
 * keep (or, being global, changes everything): the sentence says both, and only its writer knows which.
 */
export function noContradiction(steps: EditStep[], keep: { kept: string[]; things: string[] }): string[] {
  if (!contradicts(steps, keep.things)) return keep.kept;
  throw new ScalpelError(
    'UNSUPPORTED_INSTRUCTION',
    `The sentence asks to change something and to leave it alone (${keep.kept.map((k) => `"${k}"`).join(', ')}): say one of the two.`,
    { stage: 'parse', details: { kept: keep.kept } },
  );
}

function contradicts(steps: EditStep[], things: string[]): boolean {
  if (things.length === 0) return false;
  return steps.some((s) => {
    const target = s.target as { kind?: string; label?: string; pick?: unknown };
    // A whole-image grade changes it; so may an overlay, wherever it lands (人物不要动 beside 加logo).
    if (target.kind === 'global' || target.kind === 'image' || s.op === 'add') return true;
    // 去掉左边的狗，狗狗别动: the step takes one of them, the clause keeps the others.
    if (target.pick !== undefined) return false;
    return things.some((t) =>
      BACKGROUND.test(t)
        ? target.kind === 'background'
        : target.kind === 'object' && target.label === objectLabel(t.replace(/^the\s+/iu, '')),
    );
  });
}
