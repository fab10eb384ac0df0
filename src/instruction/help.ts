import { ScalpelError } from '../errors.js';
import { suggestion } from './suggest.js';

/**
 * What the user sees when an instruction is refused: the supported phrasings and the errors that
 * carry them. Every grammar file throws through these, so messages and details stay uniform.
 */

/** Shown to the user (details.supported) whenever an instruction is not understood. */
export const SUPPORTED_EXAMPLES: readonly string[] = [
  '把"A"改成"B"',
  '将“A”改为“B”，字体颜色变红',
  '把「A」换成「B」，加粗，放大一点',
  "把'A'改成'B'，字体颜色变为渐变金色，保持原有倾斜角度",
  'Change "A" to "B"',
  'Replace "A" with "B" in gold gradient, bold',
  '"A" -> "B"',
  '把价格改成99元',
  '把标题换成红色',
  '图中有没有狗？',
  'Is there a car?',
  "图中有没有'¥199'",
  'Where is the price?',
  '去掉路人',
  '把左边的人去掉',
  '去掉右下角的水印',
  "去掉文字'仅供参考'",
  'remove the person on the left',
  '把杯子换成蓝色，保持光影一致',
  'make the cup blue',
  '背景换成纯白，加阴影',
  '背景虚化',
  'replace the background with a blue gradient',
  '用这张图做背景',
  '右下角加上LOGO，留白10%',
  "加个文字水印'仅供参考'",
  '左上角加几朵樱花',
  'add the watermark "DRAFT" at 50% opacity',
  '让客厅更通透一些',
  '暖一点',
  'make it brighter',
  '太暗了',
  '变成黑白的',
  '去掉水印，然后右下角加上LOGO',
];

/** Every supported form in one paragraph: `scalpel --help` and /docs, not every error. */
export const SUPPORTED_FORMS =
  'Scalpel can currently replace text: 把"A"改成"B" / Change "A" to "B", optionally with a colour ' +
  '(字体颜色变红 / in red / #ff0000 / 渐变金色), 加粗 / bold, 放大 / bigger, 缩小 / smaller; remove ' +
  "things (去掉路人 / 去水印 / 去掉文字'X' / remove the person on the left); recolour an object " +
  '(把杯子换成蓝色 / make the cup blue); replace the background (背景换成纯白 / 渐变蓝色 / 背景虚化 / ' +
  'use this image as background, with --asset); add a logo (--asset), a text watermark or stickers (右下角加上LOGO，留白10% / ' +
  "加水印'样品' / 加几朵樱花); adjust the tone (更通透 / 暖一点 / brighter / 北欧风 / 黑白, or say what is wrong: 太暗了 / too yellow); change the price or the title by name (把价格改成99元 / 把标题换成红色); several of these " +
  "in one sentence (去掉水印，然后加LOGO); and answer questions: 图中有没有狗？ / Is there a car? / 图中有没有'¥199' / " +
  'Where is the price?';

/** The one sentence every NEEDS_GENERATIVE_ENGINE message ends with. */
export const CONFIGURE_ENGINE =
  'Configure a generative engine by environment: DASHSCOPE_API_KEY (Qwen-Image-Edit on DashScope), ' +
  'SCALPEL_OPENAI_BASE_URL (a server speaking the OpenAI image-edits protocol) or COMFYUI_URL (a ComfyUI ' +
  "server); SCALPEL_ENGINE picks one when several are set (see README 'Engines').";

/**
 * Not understood: the reason, then the closest supported form built from the user's own words when
 * one can be (Did you mean: 把"SALE"改成"NEW"?), else one example of what was asked for, and where the
 * full list is. details.supported keeps the examples for programs.
 */
export function unsupported(
  instruction: string,
  message: string,
  extra: Record<string, unknown> = {},
): ScalpelError {
  const hint = suggestion(instruction);
  return new ScalpelError(
    'UNSUPPORTED_INSTRUCTION',
    `${message}${hint ? ` ${hint}` : ''} Every supported form: scalpel --help, or /docs.`,
    { stage: 'parse', details: { instruction, supported: [...SUPPORTED_EXAMPLES], ...extra } },
  );
}

export function invalid(
  instruction: string,
  message: string,
  extra: Record<string, unknown> = {},
): ScalpelError {
  return new ScalpelError('INVALID_ARGUMENT', message, {
    stage: 'parse',
    details: { instruction, ...extra },
  });
}

/** New content (a material, an outfit, a scene from words): only a generative engine can draw it. */
export function needsGenerative(instruction: string, what: string, detail = ''): ScalpelError {
  return new ScalpelError(
    'NEEDS_GENERATIVE_ENGINE',
    `${what} needs a generative engine: the local engine only moves and repaints pixels that are ` +
      `already there.${detail === '' ? '' : ` ${detail}`} ${CONFIGURE_ENGINE}`,
    {
      stage: 'parse',
      // `why` becomes the plan's edit step's own words (parse.ts); the step is refused only when routed.
      details: { instruction, intent: 'generative', why: `${what}.${detail === '' ? '' : ` ${detail}`}` },
    },
  );
}
