import { objectLabel } from '../perception/labels.js';
import type { AddStep, Anchor, OverlayContent } from '../types.js';
import { read, round, type State } from './add-read.js';
import * as W from './add-words.js';
import { invalid, needsGenerative, unsupported } from './help.js';
import type { Draft } from './objects.js';
import { QUOTE_MARK } from './quotes.js';
import { residue, type Segment, spell } from './segments.js';

/**
 * Add grammar (增): overlay a logo (the --asset image), a text watermark or built-in stickers at an
 * anchor. Consume-and-check (words in add-words.ts): 右下角加上LOGO，留白10% / 加个文字水印'仅供参考' /
 * 左上角加几朵樱花 / add the watermark "DRAFT" at 50% opacity / add three stars to the top left.
 *
 * Defaults, per content (the user's words override each):
 *   logo (asset)    bottom-right, scale 0.2,  opacity 1    — where brand marks conventionally go
 *   text watermark  bottom-right, scale 0.3,  opacity 0.6  — readable but not competing with the image
 *   stickers        top-left,     scale 0.12, opacity 1    — a cluster in the corner, clear of the subject
 *   margin 0.05 of the shorter side; count 1 (几朵 / 一些 / some / several / English plurals: 5).
 * 大一点 / bigger ×1.5, 小一点 / smaller ×0.6; 透明度 X% is transparency (opacity 1 − X), 不透明度 X% /
 * X% opacity is opacity; 半透明 / semi-transparent 0.5.
 *
 * Drawing new things into the scene (加入樱花元素, "into the scene", 加一只猫) is not an overlay: those
 * are left to the generative check (a leftover word) or refused as NEEDS_GENERATIVE_ENGINE here.
 */

const DEFAULTS: Readonly<Record<OverlayContent['kind'], { anchor: Anchor; scale: number; opacity: number }>> =
  {
    asset: { anchor: 'bottom-right', scale: 0.2, opacity: 1 },
    text: { anchor: 'bottom-right', scale: 0.3, opacity: 0.6 },
    sticker: { anchor: 'top-left', scale: 0.12, opacity: 1 },
  };
export const MARGIN = 0.05;
const MAX_COUNT = 50;

/** The segment's text with its k-th quote mark renumbered to QUOTE_BASE + k (see add-words.ts). */
function marked(seg: Segment): string {
  let k = 0;
  return seg.text.replace(new RegExp(QUOTE_MARK, 'gu'), () => String.fromCodePoint(W.QUOTE_BASE + k++));
}

function validate(s: State, content: OverlayContent, instruction: string): void {
  if (s.several) {
    throw unsupported(
      instruction,
      'Add one thing per clause: 加上LOGO，再加上水印\'样品\' / add the logo, then add the watermark "DRAFT".',
      { intent: 'add' },
    );
  }
  if (s.problems.length > 0) throw invalid(instruction, s.problems[0]);
  if (content.kind === 'text' && content.text === '')
    throw unsupported(instruction, 'The watermark text is empty.');
  const count = s.count ?? 1;
  if (content.kind !== 'sticker' && count !== 1) {
    throw invalid(
      instruction,
      'Only stickers can be added several at once; add one logo or watermark per step.',
    );
  }
  if (count < 1 || count > MAX_COUNT) {
    throw invalid(instruction, `Between 1 and ${MAX_COUNT} stickers can be added at once, not ${count}.`);
  }
  if (s.color?.kind === 'gradient') {
    throw unsupported(instruction, `A watermark takes one solid colour, not a gradient (${s.color.name}).`, {
      intent: 'add',
    });
  }
  if (s.color && content.kind !== 'text') {
    throw unsupported(
      instruction,
      'Only a text watermark takes a colour; logos and stickers keep their own.',
      {
        intent: 'add',
      },
    );
  }
}

export function parseAdd(seg: Segment, instruction: string): Draft | undefined {
  const s: State = { verb: false, problems: [] };
  const left = residue(read(marked(seg), s, seg), W.FILLERS);
  if (!s.verb && !(s.placing && s.content)) return undefined;
  const content = s.content;
  if (left !== '' || !content) {
    const words = left.replace(/[\ue100-\ue1ff]/gu, QUOTE_MARK);
    const thing = words.replace(/^(?:一|几|a|an|some)?\s*(?:只|个|辆|条|头|位|张|把|台)?/iu, '');
    if (!content && words !== '' && objectLabel(thing)) {
      throw needsGenerative(instruction, `Drawing a new "${spell(words, seg)}" into the picture`);
    }
    if (words === '' && s.needsText) {
      throw unsupported(
        instruction,
        'What should the watermark say? Quote it: 加上水印\'样品\' / add the watermark "DRAFT" (for an image ' +
          'watermark, 加LOGO with --asset).',
        { intent: 'add' },
      );
    }
    return undefined;
  }
  validate(s, content, instruction);
  return {
    absorb: (next) => {
      // Only modifiers may follow (留白10%, 半透明, 放在右下角): a new verb or thing starts a new step.
      const probe: State = { verb: false, problems: [] };
      const text = marked(next);
      if (residue(read(text, probe, next), W.FILLERS) !== '') return false;
      if (probe.verb || probe.content || probe.needsText || probe.count !== undefined) return false;
      read(text, s, next);
      validate(s, content, instruction);
      return true;
    },
    steps: () => [build(s, content)],
  };
}

function build(s: State, content: OverlayContent): AddStep {
  const d = DEFAULTS[content.kind];
  if (s.scale !== undefined && s.relative !== undefined) {
    // An explicit size wins over 大一点: both were said, the number is the more precise.
    s.relative = undefined;
  }
  const body: OverlayContent =
    content.kind === 'text' && s.color?.kind === 'solid' ? { ...content, color: s.color.rgb } : content;
  return {
    op: 'add',
    target: { kind: 'region', anchor: s.anchor?.anchor ?? d.anchor, phrase: s.anchor?.phrase ?? '' },
    params: {
      content: body,
      margin: s.margin ?? MARGIN,
      scale: round((s.scale ?? d.scale) * (s.relative ?? 1)),
      opacity: s.opacity ?? d.opacity,
      count: s.count ?? 1,
    },
  };
}
