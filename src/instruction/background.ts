import type { BackgroundFill, ReplaceBackgroundStep } from '../types.js';
import * as W from './background-words.js';
import { parseColor } from './colors.js';
import { invalid, needsGenerative, unsupported } from './help.js';
import type { Draft } from './objects.js';
import { consume, residue, type Segment, spell } from './segments.js';

/**
 * Replace-background grammar (换背景). Consume-and-check: the known phrases are cut out in any order
 * and nothing may be left over:
 *
 *   背景 / 这张图的背景 / 白底 / the background (of the image)     what is replaced
 *   纯白 / 白色 / #fff / 渐变蓝色 / 从白到蓝渐变 / blue gradient    a colour or a gradient (横向 / horizontal)
 *   纯色 / solid / plain without a colour                           white (the e-commerce default)
 *   虚化 / 模糊 / blur / blurry [一点 / 很]                          the existing background, blurred
 *   这张图 / 这张图片 / this image / the asset                      the image given with --asset
 *   透明背景 / 抠图 / transparent / cut out (the product)           no background: the matte as alpha
 *   加阴影 / 带投影 / with a drop shadow                             shadow under the subject
 *   换成 / 改为 / 用…做 / replace … with / use … as / make …         verbs, carry no meaning
 *
 * 换背景 / change the background with no fill named is refused with a question (what should go
 * there?): white is only assumed when 纯色 / solid was said. A fill in words that is none of the
 * above (背景换成海边) is a scene to paint: NEEDS_GENERATIVE_ENGINE.
 */

/** Blur sigma (px at 1024 px long side) for strength 1; 一点 halves it, 很 makes it 1.5×. */
export const BLUR_SIGMA = 8;
const WHITE = { kind: 'color', rgb: [255, 255, 255], name: 'white' } as const;

interface Mods {
  shadow?: boolean;
  any: boolean;
}

/** Shadow and keep-the-subject phrases: the only things a follow-up segment may add. */
function readMods(text: string, mods: Mods, instruction: string): string {
  const set = (v: boolean) => () => {
    if (mods.shadow === !v)
      throw invalid(
        instruction,
        'The instruction contradicts itself: a shadow is both asked for and refused.',
      );
    mods.shadow = v;
    mods.any = true;
  };
  let rest = consume(text, W.SHADOW_OFF, set(false));
  rest = consume(rest, W.SHADOW_ON, set(true));
  return consume(rest, W.KEEP_SUBJECT, () => (mods.any = true));
}

/** True when the segment only says "with a shadow": it needs a background step to belong to. */
export function isShadowOnly(seg: Segment, instruction: string): boolean {
  const mods: Mods = { any: false };
  return residue(readMods(seg.text, mods, instruction)) === '' && mods.shadow === true;
}

export function parseBackground(seg: Segment, instruction: string): Draft | undefined {
  let phrase: string | undefined;
  let sawVerb = false;
  const fills: BackgroundFill[] = [];
  let solid = false;
  let blur = 0;
  let strength = 1;
  let direction: 'vertical' | 'horizontal' | undefined;
  const mods: Mods = { any: false };

  let rest = readMods(seg.text, mods, instruction);
  // Direction words first: a pink to purple horizontal gradient keeps its two colours together.
  rest = consume(rest, W.HORIZONTAL, () => (direction = 'horizontal'));
  rest = consume(rest, W.VERTICAL, () => (direction = 'vertical'));
  rest = consume(rest, W.NO_BACKGROUND, (m) => {
    phrase ??= m[0].trim();
    fills.push({ kind: 'transparent' });
  });
  rest = consume(rest, new RegExp(W.BG, 'giu'), (m) => (phrase ??= m[0].trim()));
  if (phrase !== undefined) rest = consume(rest, W.SEE_THROUGH, () => fills.push({ kind: 'transparent' }));
  for (const re of W.GRADIENT_TWO) {
    rest = consume(rest, re, (m) => {
      const stops = [m[1], m[2]].map((c) => parseColor(c));
      if (stops.every((s) => s?.kind === 'solid'))
        fills.push({
          kind: 'gradient',
          stops: stops.map((s) => (s?.kind === 'solid' ? s.rgb : [0, 0, 0])),
          direction: 'vertical',
          name: `${stops[0]?.name} to ${stops[1]?.name} gradient`,
        });
    });
  }
  rest = consume(rest, W.WHITE_BASE, (m) => {
    phrase ??= m[0];
    fills.push(colorFill(m[1]));
  });
  let cut = false;
  rest = consume(rest, W.TRANSPARENT, (m) => {
    phrase ??= m[0].trim();
    cut ||= /抠|cut/iu.test(m[0]);
    fills.push({ kind: 'transparent' });
  });
  if (fills.some((f) => f.kind === 'transparent')) rest = consume(rest, W.CUT_SUBJECT, () => undefined);
  rest = consume(rest, W.COLOR, (m) => fills.push(colorFill(m[1])));
  rest = consume(rest, W.SOLID, () => (solid = true));
  rest = consume(rest, W.BLUR, () => blur++);
  if (blur > 0) {
    rest = consume(rest, W.LESS, () => (strength = 0.5));
    rest = consume(rest, W.MORE, () => (strength = 1.5));
  }
  rest = consume(rest, W.ASSET, () => fills.push({ kind: 'asset' }));
  rest = consume(rest, W.VERB, () => (sawVerb = true));
  const left = residue(rest, W.FILLERS);

  if (phrase === undefined) return undefined;
  if (left !== '') {
    const text = residue(readMods(seg.text, { any: false }, instruction));
    const scene = W.SCENE.map((re) => re.exec(text)).find((m) => m?.groups)?.groups?.scene;
    // 用我上传的这张当背景 / the beach photo I attached: the words name the image sent along.
    if (W.UPLOADED.test(seg.text) && fills.length === 0 && blur === 0)
      return draft(phrase, { kind: 'asset' }, mods, instruction);
    if (scene) {
      throw needsGenerative(
        instruction,
        `Painting a new background from words ("${spell(scene, seg)}")`,
        'Locally the background can become a colour (背景换成纯白), a gradient (渐变蓝色), a blur (背景虚化) or ' +
          'an image given with --asset (背景换成这张图).',
      );
    }
    return undefined;
  }
  if (blur > 0) fills.push({ kind: 'blur', sigma: BLUR_SIGMA * strength });
  let distinct = fills.filter(
    (f, i) => fills.findIndex((g) => JSON.stringify(g) === JSON.stringify(f)) === i,
  );
  // 抠图换白底: cutting out is how the subject gets onto the new background (透明的白色 still contradicts).
  if (cut && distinct.length === 2 && distinct.some((f) => f.kind === 'transparent'))
    distinct = distinct.filter((f) => f.kind !== 'transparent');
  if (distinct.length > 1) {
    throw invalid(
      instruction,
      `The instruction contradicts itself: it names ${distinct.length} different backgrounds.`,
    );
  }
  let fill: BackgroundFill | undefined = distinct[0];
  if (fill?.kind === 'gradient' && direction) fill = { ...fill, direction };
  else if (direction) return undefined;
  if (!fill && solid) fill = { ...WHITE, rgb: [...WHITE.rgb] };
  if (!fill) {
    if (!sawVerb) return undefined;
    throw unsupported(
      instruction,
      'What should the new background be? Say a colour (背景换成纯白 / white), a gradient (渐变蓝色), ' +
        'a blur (背景虚化 / blur the background), or use an image given with --asset (背景换成这张图).',
      { intent: 'replace-background' },
    );
  }
  return draft(phrase, fill, mods, instruction);
}

/** What a following segment may still say: a shadow, the subject kept, a gradient's direction. */
function draft(phrase: string, fill: BackgroundFill, mods: Mods, instruction: string): Draft {
  const step: ReplaceBackgroundStep = {
    op: 'replace-background',
    target: { kind: 'background', phrase },
    params: { fill, shadow: false },
  };
  return {
    absorb: (next) => {
      const more: Mods = { any: false, shadow: mods.shadow };
      let direction: 'vertical' | 'horizontal' | undefined;
      let rest = readMods(next.text, more, instruction);
      if (fill.kind === 'gradient') {
        rest = consume(rest, W.HORIZONTAL, () => (direction = 'horizontal'));
        rest = consume(rest, W.VERTICAL, () => (direction = 'vertical'));
      }
      // 白底图，要有一点阴影: asking words around the modifier.
      if (residue(rest, W.ASKING) !== '' || !(more.any || direction)) return false;
      mods.shadow = more.shadow;
      if (direction && fill.kind === 'gradient') step.params.fill = { ...fill, direction };
      return true;
    },
    steps: () => [{ ...step, params: { ...step.params, shadow: mods.shadow ?? false } }],
  };
}

function colorFill(phrase: string): BackgroundFill {
  const c = parseColor(phrase);
  if (!c) return { kind: 'asset' }; // unreachable: the pattern only matches colour phrases
  if (c.kind === 'solid') return { kind: 'color', rgb: c.rgb, name: c.name };
  return { kind: 'gradient', stops: c.stops, direction: 'vertical', name: c.name };
}
