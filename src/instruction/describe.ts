import { describeStepZh } from './describe-zh.js';
import type { AddStep, BackgroundFill, ColorSpec, EditPlan, EditStep, ObjectTarget, Pick } from '../types.js';

/**
 * A plan in plain words, one line per step ("remove the person on the left"): what `scalpel plan`
 * prints, what POST /v1/plan returns beside the JSON, so a person can check what was understood
 * before anything runs.
 */
export function describePlan(plan: EditPlan, lang: 'en' | 'zh' = 'en'): string[] {
  const steps = plan.steps.map(lang === 'zh' ? describeStepZh : describeStep);
  if (plan.kept?.length) {
    const said = plan.kept
      .map((w) => (lang === 'zh' ? `「${w}」` : `"${w}"`))
      .join(lang === 'zh' ? '、' : ', ');
    steps.push(
      lang === 'zh'
        ? `（保持原样，每次编辑本就如此：${said}）`
        : `(left as it is, as every edit leaves it: ${said})`,
    );
  }
  if (!plan.ignored?.length) return steps;
  return lang === 'zh'
    ? [...steps, `（当作背景说明，未执行：${plan.ignored.map((w) => `「${w}」`).join('、')}）`]
    : [...steps, `(set aside as context: ${plan.ignored.map((w) => `"${w}"`).join(', ')})`];
}

const hex = (rgb: readonly number[]) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
const colour = (c: ColorSpec | { rgb: readonly number[]; name?: string }) =>
  'kind' in c && c.kind === 'gradient' ? `a ${c.name ?? 'colour'} gradient` : (c.name ?? hex(c.rgb));
const place = (anchor: string) => anchor.replace('-', ' ');
const ordinal = (n: number) => (n === -1 ? 'the last' : `occurrence ${n} of`);

function pick(p: Pick | undefined): string {
  if (!p) return '';
  return p.by === 'size' ? ` (the ${p.order} one)` : ` (the one at the ${place(p.anchor)})`;
}

function target(t: ObjectTarget): string {
  switch (t.kind) {
    case 'object':
      return t.all ? `every ${t.label}` : `the ${t.label}${pick(t.pick)}`;
    case 'subject':
      return 'the main subject';
    case 'background':
      return 'the background';
    case 'text':
      return `${t.nth === undefined ? 'the text' : `${ordinal(t.nth)} the text`} '${t.text}'`;
    case 'watermark':
      return t.anchor ? `the watermark at the ${place(t.anchor)}` : 'watermarks and captions';
    case 'region':
      return `the ${place(t.anchor)} of the image`;
    case 'mask':
      return 'the masked area';
  }
}

function fill(f: BackgroundFill): string {
  switch (f.kind) {
    case 'color':
      return f.name ?? hex(f.rgb);
    case 'gradient':
      return `a ${f.direction} ${f.name ?? 'colour'} gradient`;
    case 'blur':
      return 'a blur of itself';
    case 'asset':
      return 'the given image';
    case 'transparent':
      return 'transparency (a cut-out)';
  }
}

function content(p: AddStep['params']): string {
  const c = p.content;
  if (c.kind === 'asset') return 'the given image (logo)';
  if (c.kind === 'text') return `the text watermark '${c.text}'`;
  return p.count > 1 ? `${p.count} ${c.name} stickers` : `a ${c.name} sticker`;
}

function describeStep(step: EditStep): string {
  switch (step.op) {
    case 'replace-text': {
      const { text, color, bold, scale } = step.params;
      const mods = [
        color && `in ${colour(color)}`,
        bold && 'bold',
        scale !== undefined && scale !== 1 && `${scale > 1 ? 'larger' : 'smaller'} ×${scale}`,
      ].filter(Boolean);
      const which = step.target.nth === undefined ? '' : `${ordinal(step.target.nth)} `;
      const { role } = step.target;
      const old = role ? `the ${role} found on the image` : `${which}the text '${step.target.text}'`;
      const what =
        text === step.target.text
          ? `keep ${old}`
          : `replace ${old} with '${text}'${role === 'price' ? " (in the old price's format)" : ''}`;
      return `${what}${mods.length ? `, ${mods.join(', ')}` : ''}, in the same style otherwise`;
    }
    case 'query': {
      const t = step.target;
      if ('object' in t && t.object) return `answer: is there a ${t.object} in the image?`;
      if ('pattern' in t && t.pattern)
        return t.pattern === 'price' ? 'answer: where are the prices?' : 'answer: what text is there?';
      return `answer: is the text '${t.text}' in the image?`;
    }
    case 'remove':
      return `remove ${target(step.target)} and fill in what was behind it`;
    case 'recolor':
      return `recolour ${target(step.target)} to ${colour(step.params.color)}, keeping its shading`;
    case 'replace-background':
      return `replace the background with ${fill(step.params.fill)}${step.params.shadow ? ', with a drop shadow' : ''}`;
    case 'add': {
      const p = step.params;
      const extras = [
        `margin ${Math.round(p.margin * 100)}%`,
        p.opacity < 1 && `opacity ${Math.round(p.opacity * 100)}%`,
      ];
      return `add ${content(p)} at the ${place(step.target.anchor)} (${extras.filter(Boolean).join(', ')})`;
    }
    case 'adjust':
      return `grade the whole image: ${step.params.preset}${step.params.strength === 1 ? '' : ` ×${step.params.strength}`}`;
    case 'edit': {
      const t = step.target;
      const on =
        t.kind === 'image' ? 'on the whole image' : `${step.params.around ? 'around' : 'on'} ${target(t)}`;
      return `draw new content ${on} with a generative engine: "${step.params.prompt}"`;
    }
  }
}
