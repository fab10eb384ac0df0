import { ScalpelError } from '../../errors.js';
import { loadOcr, readLines } from '../../perception/ocr.js';
import { missingGlyphs } from '../../text/coverage.js';
import { FONT_IDS, loadFont } from '../../text/fonts.js';
import type { ReplaceTextStep } from '../../types.js';
import type { OpModule, Perceived } from '../common/op.js';
import { runReplaceText } from './run.js';

/** A quoted text (or a price, a title) redrawn as another, in the style it had, checked and read back. */
export const replaceTextOp: OpModule<ReplaceTextStep> = {
  op: 'replace-text',
  validate: (step) => checkDrawable(step.params.text),
  async warm() {
    await loadOcr();
    for (const id of FONT_IDS) loadFont(id);
  },
  async run(img, step, seen, ctx) {
    const lines = seen.textLines ?? (seen.lines ??= await ctx.time('ocr_ms', () => readLines(img)));
    const r = await runReplaceText(img, step, lines, ctx);
    if (r.report.quality.changed_pixels !== 0) {
      // Later replace-text steps name other texts and reuse these lines; a question or a removal
      // must read the new text, and nothing else may keep what it saw.
      for (const k of Object.keys(seen)) delete seen[k as keyof Perceived];
      seen.textLines = lines;
    }
    return r;
  },
};

/** Refuses, before any work, a new text the shipped fonts would draw as empty boxes. */
export function checkDrawable(text: string): void {
  const missing = missingGlyphs(text);
  if (missing.length === 0) return;
  const names = missing.map(
    (c) => `'${c}' (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`,
  );
  throw new ScalpelError(
    'UNSUPPORTED_INSTRUCTION',
    `The shipped fonts have no glyph for ${names.join(', ')}: it would be drawn as an empty box. Remove it or use another character.`,
    { stage: 'edit', details: { text, missing } },
  );
}
