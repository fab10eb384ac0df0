import { objectLabel } from '../perception/labels.js';
import type { AdjustPreset, AdjustStep } from '../types.js';
import { findComplaints } from './complaints.js';
import { alternation, PRESET_WORDS } from './lexicon.js';
import { amountsAsDigits } from './numerals.js';
import { unsupported } from './help.js';
import type { Draft } from './objects.js';
import { B, E, residue, type Segment, spell } from './segments.js';

/**
 * Adjust grammar: global tone and colour presets (让客厅更通透一些, 暖一点, make it brighter, 北欧风).
 * One segment may name several presets (更有北欧风的感觉，光线更通透一些 → nordic, airy).
 *
 * Strength: 一点 / 一些 / 稍微 / a bit / slightly → 0.5; 很 / 非常 / 很多 / much / a lot → 1.5; else 1.
 * An amount in per cent sets it, 20% being 1 (亮度提高10% → 0.5, 40% brighter → 2), within 0.25–3.
 * The target is always the whole image ({kind:'global'}, phrase = the words as written): the scene
 * word in 让客厅… is accepted, but an object or the background (让杯子更亮, 背景亮一点) is refused,
 * since a preset cannot be confined to one thing.
 */

/** Each preset's words (lexicon/presets.json), Chinese as they are, English as whole words. */
const PRESETS: ReadonlyArray<readonly [AdjustPreset, string]> = PRESET_WORDS.map(
  ([preset, w]) => [preset, `${alternation(w.zh)}|${B}(?:${alternation(w.en, '\\s*')})${E}`] as const,
);

const LESS_ZH =
  '少少|一丢丢儿?|一咪咪|一丁点儿?|一点点|一点儿|一点|一些|些许|少许|些|点儿|点|稍微|稍稍|微微|略微|略|有点|有些';
const MORE_ZH = '拉满|直接拉满|很多|得多|多了|许多|好多|很|非常|特别|十分|超级|大幅|极其|狠狠';
const LESS_EN =
  'a\\s+(?:tiny\\s+|little\\s+)?(?:bit|little|touch|tad|hair|smidge)|just\\s+a\\s+(?:bit|touch|little)|little\\s+bit|slightly|somewhat|marginally';
const MORE_EN =
  'a\\s+lot(?:\\s+more)?|much(?:\\s+more)?|way(?:\\s+more)?|very|really|significantly|far|considerably|dramatically|drastically|heavily';
const PRE = `(?:(?<pre>${LESS_ZH}|${MORE_ZH}|${B}(?:${LESS_EN}|${MORE_EN})\\s+))?(?:更加|更|再)?(?:(?:变得|变|调出|做出|做得|营造出?|调得|(?<!(?<!颜)色)调|整|提|压|有|显得|看起来)\\s*)?`;
const POST = `(?<post>\\s*(?:${LESS_ZH}|${MORE_ZH})|\\s+(?:${LESS_EN}|${MORE_EN})${E})?`;
const LESS = new RegExp(`^(?:${LESS_ZH}|${LESS_EN})`, 'iu');
/** Each preset with its degree words around it: 更通透一些, a bit warmer, 非常暖. */
const PRESET_RES = PRESETS.map(
  ([preset, core]) => [preset, new RegExp(`${PRE}(?<core>${core})${POST}`, 'giu')] as const,
);

/** A change by an amount; a level to reach (to 50%, 降到50%) is not one. */
const AMOUNT = /(?<!(?:to|到|至|为|成)\s*)(?:(?<![a-z])by\s+)?(\d{1,3}(?:\.\d+)?)\s*%/iu;
const AMOUNT_LEAD = '提高|降低|调高|调低|增加|减少|拉高|压低|提升|下降|加大|减小|增强|减弱';

/** Marks where a preset was, so the scene word before it (让|客厅|更通透) can be recognised. */
const MARK = '\ue0ff';
const SCENE = new RegExp(
  `(?:让|使|把|将)(?:这张|这个|这间|这幅|整个|整张)?(?<s>[\\p{Script=Han}]{0,6}?)(?=(?:更加|更|变得|显得|看起来|的|有|整体|色调|光线|换成|改成|变成|调成|转成|弄成|调|变)*${MARK})` +
    `|${B}(?:make|let|give)\\s+(?:the\\s+|this\\s+|my\\s+)?(?<e>[a-z]+(?:\\s+[a-z]+)?)(?=\\s+(?:look\\s+|feel\\s+)?(?:more\\s+)?${MARK})`,
  'giu',
);
const FILLERS = new RegExp(
  `那种感觉|那种|这个|的感觉|感觉|的方向|呈现出?|滤镜|氛围感|高级感|安排上|整一个|能不能|可不可以|封面图|封面|主图|头图|看着|方向|往|朝|偏向|调色|色彩|才好|就好|就行|对比度|亮度|饱和度|曝光|这张图|这张|整张图|整张|整体|整个|画面|图片|照片|色调|光线|颜色|氛围|风格|效果|一下|的|更|有|又|也|还|和|并|调整|看起来|显得|变得|要|改成|换成|调成|变成|改为|转成|做成|搞成|弄成|整成|看着不舒服|不好看|难看|转为|转换成|弄成|处理成|图|来点|来些|做|了|啦|啊|呀|吧|哦|呢|帮我|给我|请|麻烦|` +
    `${B}(?:make|let|give|it'?s|it|is|looks?|seems?|the|this|image|photo|picture|shot|look|feel|more|an?|and|overall|tones?|colou?rs?|lighting|style|feeling|vibe|please|can\\s+you|could\\s+you|fix|so|way|apply|preset|filter|effect|are|were|convert|converted|to|into|them|colou?rs|turn|get|go|switch|one|pic|pics|pix|version|copy|whole|be|made|could|filter|entire|thing|everything|overall|colou?r\\s+grad(?:e|ing)|grad(?:e|ing)|contrast|brightness|saturation|exposure|up)${E}`,
  'giu',
);
/** Things a global preset cannot be confined to. */
const NOT_GLOBAL =
  /^(?:背景|前景|主体|商品|产品|文字|字|人物|模特|(?:the\s+)?(?:background|subject|product|text))$/iu;

export function parseAdjust(seg: Segment, instruction: string): Draft | undefined {
  const found: { preset: AdjustPreset; strength: number; at: number; end?: number }[] = [];
  // 对比度稍微低一点: a degree inside a measure's words is read after them.
  let rest = seg.text.replace(
    /(对比度|亮度|饱和度|对比|曝光)(?:稍微|稍稍|略微|有点)(?=[高低大小强弱])/gu,
    '$1',
  );
  // A complaint first (太暗了 is brighter, not darker): its words are consumed before the presets'.
  const complaints = findComplaints(rest);
  for (const c of complaints) {
    if (!found.some((f) => f.preset === c.preset)) found.push(c);
    rest = rest.slice(0, c.at) + MARK.repeat(c.length) + rest.slice(c.at + c.length);
  }
  // An amount (亮度提高20%, make it 20% brighter, brighten it by 20%): 20% is the preset's own amount.
  let amount: { value: number; at: number; end: number } | undefined;
  rest = amountsAsDigits(rest, AMOUNT_LEAD).replace(AMOUNT, (m: string, n: string, at: number) => {
    amount = { value: Number(n), at, end: at + m.length };
    return ' '.repeat(m.length);
  });
  // Longest preset words first (its degree words aside), whichever preset they are of: "less
  // saturated" is muted, not "less" beside vivid's "saturated".
  const core = (m: RegExpExecArray) => m.groups?.core?.length ?? 0;
  for (;;) {
    let best: { preset: AdjustPreset; m: RegExpExecArray } | undefined;
    for (const [preset, re] of PRESET_RES) {
      for (const m of rest.matchAll(re)) if (!best || core(m) > core(best.m)) best = { preset, m };
    }
    if (!best) break;
    const { preset, m } = best;
    const g = m.groups ?? {};
    const degree = [g.pre, g.post].map((d) => d?.trim()).filter((d): d is string => !!d);
    const less = degree.some((d) => LESS.test(d));
    // 对比度拉满: the degree said inside the preset's own words.
    const more = degree.some((d) => !LESS.test(d)) || /拉满|狠狠/u.test(m[0]);
    const strength = less === more ? 1 : less ? 0.5 : 1.5;
    if (!found.some((f) => f.preset === preset && f.strength === strength)) {
      found.push({ preset, strength, at: m.index, end: m.index + m[0].length });
    }
    // Same length, so later offsets still point into the sentence (steps keep its order).
    rest = rest.slice(0, m.index) + MARK.repeat(m[0].length) + rest.slice(m.index + m[0].length);
  }
  if (amount) {
    // The preset right beside it takes it (亮度提高20%, 20% brighter); none beside it, or black and
    // white (whose half is not an amount of grey), or nothing at all: not understood.
    const { value, at, end } = amount;
    const owner = found.find(
      (f) => f.end !== undefined && ((f.end <= at && at - f.end <= 2) || (f.at >= end && f.at - end <= 2)),
    );
    if (!owner || owner.preset === 'mono' || value <= 0) return undefined;
    owner.strength = Math.min(3, Math.max(0.25, Math.round((value / 20) * 100) / 100));
  }
  found.sort((a, b) => a.at - b.at);
  if (found.length === 0) return undefined;
  let scene = '';
  rest = rest.replace(SCENE, (...args) => {
    const g = args.at(-1) as Record<string, string | undefined>;
    scene = (g.s ?? g.e ?? '').trim();
    return ' ';
  });
  // A degree said apart from its preset (darken the photo a bit, 往暖的方向调一点点): one preset takes it.
  let apart: number | undefined;
  if (found.length === 1 && found[0].strength === 1) {
    const zh = `(?:调|弄|变|调得|弄得)?(?<zh>${LESS_ZH}|${MORE_ZH})`;
    const en = `(?:^|(?<=\\s|${MARK}))(?<en>${LESS_EN}|${MORE_EN})(?=\\s|$)`;
    rest = rest.replace(new RegExp(`${zh}|${en}`, 'iu'), (...args) => {
      const g = args.at(-1) as Record<string, string | undefined>;
      apart = LESS.test(g.zh ?? g.en ?? '') ? 0.5 : 1.5;
      return ' ';
    });
  }
  const left = residue(rest.replaceAll(MARK, ' '), FILLERS);
  const owner = [scene, left].find((w) => w !== '' && (NOT_GLOBAL.test(w) || objectLabel(w)));
  if (owner !== undefined) {
    throw unsupported(
      instruction,
      `Tone adjustments apply to the whole image; "${spell(owner, seg)}" cannot be adjusted on its own.`,
      { intent: 'adjust' },
    );
  }
  if (left !== '') return undefined;
  if (apart !== undefined) found[0].strength = apart;
  const phrase = spell(seg.text, seg);
  const steps: AdjustStep[] = found.map(({ preset, strength }) => ({
    op: 'adjust',
    target: { kind: 'global', phrase },
    params: { preset, strength },
  }));
  const complaintOnly = found.every((f) => complaints.some((c) => c.at === f.at && c.preset === f.preset));
  return {
    // 太暗了，提亮一下: the remedy that follows a complaint is the same request, at its own strength.
    absorb: (next) => {
      if (!complaintOnly) return false;
      const remedy = parseAdjust(next, instruction)?.steps() as AdjustStep[] | undefined;
      if (!remedy || remedy.length !== steps.length) return false;
      if (!remedy.every((r, i) => r.params.preset === steps[i].params.preset)) return false;
      remedy.forEach((r, i) => (steps[i].params.strength = r.params.strength));
      return true;
    },
    steps: () => steps,
  };
}
