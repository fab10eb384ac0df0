// Here, not in common/: only remove's text erase and its tiled-mark unblend deal in hits.
import type { OcrLine } from '../../perception/ocr.js';

/** A text to remove: a character range of one OCR line. */
export interface Hit {
  line: OcrLine;
  start: number;
  end: number;
}
