import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';
import { COLOUR_MAX, colourConsistency } from './colour.js';
import { SEAM_MAX, seamScore } from './seam.js';

export { COLOUR_MAX, colourConsistency } from './colour.js';
export { SEAM_MAX, seamScore } from './seam.js';

/** The checks a filled hole (or any masked edit) goes through; plain JSON for the report. */
export interface FillCheck {
  /** seamScore: ≈ 1 for a fill that crosses its border like the photo; passes up to SEAM_MAX. */
  seam: number;
  /** colourConsistency: ΔE of the fill against its surroundings; passes up to COLOUR_MAX. */
  colour_delta_e: number;
  passed: boolean;
  /** Names of the failed checks, 'seam' and/or 'colour', for warnings and retries. */
  failed: string[];
}

/**
 * Runs both checks on an edit of `before` into `after` inside `mask` (non-zero = edited). Pure and
 * quick (~15 ms for a 10% mask at 1024²): meant to run after every fill, and again after a retry.
 * Both assume the edit should blend into its surroundings (a removal, an erased text line); an edit
 * that changes colour on purpose fails 'colour' by design. An empty mask passes with zeros.
 */
export function checkFill(before: Raster, after: Raster, mask: Mask): FillCheck {
  const seam = seamScore(before, after, mask).score;
  const colour = colourConsistency(after, mask).delta_e;
  const failed: string[] = [];
  if (seam > SEAM_MAX) failed.push('seam');
  if (colour > COLOUR_MAX) failed.push('colour');
  return { seam, colour_delta_e: colour, passed: failed.length === 0, failed };
}
