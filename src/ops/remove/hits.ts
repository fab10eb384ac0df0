import type { OcrLine } from '../../perception/ocr.js';

/** A text to remove: a character range of one OCR line. */
export interface Hit {
  line: OcrLine;
  start: number;
  end: number;
}
