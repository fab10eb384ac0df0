import { parseColor } from './colors.js';
import { plannedIntent, type PlannedIntent } from './intents.js';
import { scanQuotes } from './quotes.js';
import { unquotedReplacement } from './bare-texts.js';

/**
 * The closest supported form for a sentence that was not understood, in the user's own words where
 * possible: an unquoted replacement gets its quotes (Did you mean: 把"限时抢购"改成"新品首发"?); a
 * sentence whose kind of edit is clear gets one example of that kind.
 */

const EXAMPLES: Record<PlannedIntent['op'], string> = {
  remove: '去掉左边的人 / remove the watermark',
  recolor: '把杯子换成蓝色 / make the cup blue',
  'replace-background': '背景换成纯白 / blur the background',
  add: "右下角加上LOGO，留白10% / add the watermark 'DRAFT'",
  adjust: '暖一点 / make it brighter',
  generative: '',
};

export function suggestion(instruction: string): string | undefined {
  const scan = scanQuotes(instruction);
  const bare = scan.ok && scan.quotes.length === 0 ? unquotedReplacement(instruction) : undefined;
  // 把这块换成蓝色 is a recolour, not a text: no quotes to suggest.
  if (bare && !parseColor(bare.new)) {
    return bare.latin
      ? `Did you mean: Change "${bare.old}" to "${bare.new}"?`
      : `Did you mean: 把"${bare.old}"改成"${bare.new}"?`;
  }
  const intent = plannedIntent(instruction);
  return intent && EXAMPLES[intent.op] ? `For example: ${EXAMPLES[intent.op]}.` : undefined;
}
