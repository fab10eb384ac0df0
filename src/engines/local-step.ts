import type { Grounded } from '../grounding/target.js';
import type { Mask } from '../image/mask.js';
import type { Raster } from '../image/raster.js';

/** What an object-level op hands back to the engine before the report is assembled. */
export interface Raw {
  raster: Raster;
  mask: Mask;
  quality: Record<string, unknown>;
  details: Record<string, unknown>;
  warnings: string[];
  global?: boolean;
}

/** The grounding summary every object-level step reports under details.target_found. */
export function found(g: Grounded) {
  return {
    label: g.label,
    box: g.box,
    confidence: g.confidence,
    source: g.source,
    ...(g.reason ? { chosen: g.reason } : {}),
    ...(g.candidates.length > 1 ? { candidates: g.candidates } : {}),
  };
}
