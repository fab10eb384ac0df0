import type { RemoveStep, ReplaceBackgroundStep } from '../types.js';
import { unsupported } from './help.js';
import { CLASSES, type Draft, OBJECTS_HINT } from './objects.js';
import { B, type Segment, spell, strip } from './segments.js';
import { checkOne, parseTarget } from './targets.js';

/**
 * Remove grammar (删): a verb and a target (targets.ts), in either order.
 *
 *   zh: [把|将] T 去掉|删除|移除|擦掉|抹掉|消除|清除…[掉]      把左边的人去掉 / 水印去掉
 *       去掉|删除|… T                                        去掉这个人 / 删除图中的车 / 擦掉右下角
 *       去 水印|logo|文字                                    去水印
 *   en: remove|erase|delete|get rid of|take out|wipe … T    remove the person on the left
 *
 * Wishes about the fill are what the op does anyway, so they are accepted and ignored: 地面纹理自然
 * 延续, 不留痕迹, seamlessly, keep the background natural.
 */

const ZH_VERB =
  '(?:去掉|去除|删除|删掉|删去|移除|移走|抹掉|抹去|擦掉|擦除|擦去|消除|清除|清掉|拿掉|除去|干掉|弄掉|P掉)';
const EN_VERB =
  '(?:remove|erase|delete|get\\s+rid\\s+of|take\\s+out|take\\s+away|clean\\s+up|wipe\\s+out|wipe\\s+away|wipe\\s+off|wipe)';

const FORMS: readonly RegExp[] = [
  new RegExp(`^(?:把|将)(?<t>.+?)(?:给)?${ZH_VERB}(?:掉)?$`, 'iu'),
  new RegExp(`^${ZH_VERB}(?:掉)?(?<t>.+)$`, 'iu'),
  /^去(?<t>水印|logo|文字|字)$/iu,
  new RegExp(`^(?<t>.+?)(?:给)?${ZH_VERB}(?:掉)?$`, 'iu'),
  new RegExp(`^${B}${EN_VERB}\\s+(?<t>.+?)$`, 'iu'),
];

/** Wishes the fill always honours (content-aware fill continues what is around the hole). */
const MODS = new RegExp(
  [
    '(?:让|使)?(?:地面|地板|背景|周围|四周|草地|砖地|墙面)?(?:的)?(?:纹理|环境|画面)?(?:要)?(?:自然)?(?:地)?' +
      '(?:延续|延伸|衔接|过渡|补全|填充|融合)(?:得)?(?:自然|好)?',
    '不留痕迹|无痕(?:迹)?|干净(?:一点|一些|些)?|保持背景(?:自然|不变|完整)|背景(?:保持)?不变|其[他它余](?:部分|地方)?(?:保持)?不变',
    `${B}(?:seamlessly|cleanly|naturally|without\\s+(?:a\\s+)?trace)`,
    `${B}(?:and\\s+)?fill\\s+(?:in\\s+)?the\\s+(?:gap|hole|background|area)(?:\\s+naturally)?`,
    `${B}(?:and\\s+)?keep\\s+(?:the\\s+)?(?:background|everything\\s+else)(?:\\s+(?:natural|intact|unchanged|as\\s+is))?`,
  ].join('|'),
  'giu',
);

const BACKGROUND = /^(?:the\s+)?(?:背景|background|backdrop)$/iu;

export function parseRemove(seg: Segment, instruction: string): Draft | undefined {
  const { rest } = strip(seg.text, MODS);
  const words = FORMS.map((re) => re.exec(rest)?.groups?.t).find((t) => t !== undefined);
  if (words === undefined) return undefined;
  checkOne(words, seg, instruction, 'remove');
  const target = parseTarget(words, seg);
  if (!target) {
    // 去掉背景 / remove the background: a cut-out, the background made transparent.
    if (BACKGROUND.test(words.trim())) return cutOut(spell(words.trim(), seg));
    const phrase = spell(words.trim(), seg);
    throw unsupported(
      instruction,
      `Scalpel cannot tell what "${phrase}" is, so it cannot remove it. It can remove ${OBJECTS_HINT}, the ` +
        "subject (主体 / the product), watermarks or text (去水印 / 去掉文字'X'), a part of the frame " +
        '(右下角 / the top-left corner), or the area of a --mask (去掉这个 / remove this).',
      { intent: 'remove', object: phrase, classes: [...CLASSES] },
    );
  }
  if (target.kind === 'text' && target.text === '') {
    throw unsupported(instruction, 'The text to remove is empty: put it between the quotes.', {
      intent: 'remove',
    });
  }
  const step: RemoveStep = { op: 'remove', target, params: {} };
  return {
    absorb: (next) => {
      const { rest: left, any } = strip(next.text, MODS);
      return any && left === '';
    },
    steps: () => [step],
  };
}

function cutOut(phrase: string): Draft {
  const step: ReplaceBackgroundStep = {
    op: 'replace-background',
    target: { kind: 'background', phrase },
    params: { fill: { kind: 'transparent' }, shadow: false },
  };
  return { absorb: () => false, steps: () => [step] };
}
