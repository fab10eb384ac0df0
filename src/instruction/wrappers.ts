import { alternation, WRAPPERS } from './lexicon.js';

/**
 * What wraps a request and asks for nothing (lexicon/wrappers.json): an assistant's or a script's
 * label (Task: make the image cooler, User wants: …, 用户需求：…), a frame that introduces the edit
 * (Please edit the image so that the price is red, 请编辑图片，使背景变成纯黑色) and doubt said first
 * (I'm not sure if this is possible but can you …, 不知道能不能把…), and a greeting (Hi there!, 老师您好). Only at the start of the
 * sentence; the words taken off are returned so the plan can list them as ignored.
 */

const words = (w: { zh: string[]; en: string[] }) =>
  alternation([...w.zh, ...w.en].map((x) => x.toLowerCase()));
const LABEL = new RegExp(`^(?:${words(WRAPPERS.labels)})\\s*[:：]\\s*`, 'iu');
const FRAME = new RegExp(`^(?:please\\s+|请)?(?:${words(WRAPPERS.frames)})\\s*[:：]?\\s*`, 'iu');
// A hedge runs to the first comma, or to 'but' / 但是 / 能不能 when there is none before.
const HEDGE = new RegExp(
  `^(?:${words(WRAPPERS.hedges)})(?:(?=能不能|可不可以|能否|行不行|可以)|[^,，。;；]*?(?:\\s+but\\s+|但是|[,，]\\s*(?:but\\s+|但是)?))`,
  'iu',
);

// A greeting runs to the first mark after it (Hi there! / 老师您好，).
const GREETING = new RegExp(
  `^(?:${words(WRAPPERS.greetings)})(?![a-z])[^,，.。!！?？]{0,12}[,，.。!！?？]+\\s*`,
  'iu',
);

export interface Unwrapped {
  text: string;
  wrapper: string;
}

/** The request without its wrappers, or undefined when it has none. */
export function unwrap(instruction: string): Unwrapped | undefined {
  let text = instruction.trim();
  const taken: string[] = [];
  for (let changed = true; changed;) {
    changed = false;
    for (const re of [GREETING, LABEL, FRAME, HEDGE]) {
      const m = re.exec(text);
      if (!m || m[0].trim() === '' || m[0].length >= text.length) continue;
      taken.push(m[0].replace(/[\s,，:：]+$/u, '').trim());
      text = text.slice(m[0].length).trim();
      changed = true;
    }
  }
  return taken.length > 0 ? { text, wrapper: taken.join(' / ') } : undefined;
}
