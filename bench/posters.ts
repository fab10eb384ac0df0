/**
 * Deterministic poster generator with ground truth for the text-replacement benchmark.
 *
 * Every case is a plain JSON object (seeded PRNG, no Math.random): the same `generateCases(n, seed)`
 * gives byte-identical posters on every run. `renderPoster(c, 'old')` is the input an edit receives,
 * `renderPoster(c, 'new')` is what a perfect edit returns: the same poster with `newText` drawn at the
 * same anchor, font, size, angle, alignment, outline and shadow, in `newColor ?? color`. Everything
 * else (background, decorations) is drawn identically, so the two differ only inside the union of
 * their `textBox`es.
 *
 * The implementation lives in bench/posters/; this file is the public entry tests and scripts import.
 */
export { generateCases, ROTATED_BLUR, type CaseSet } from './posters/generate.js';
export { caseTextBox, clampBox, editBox, lineQuad, padBox } from './posters/geometry.js';
export { NAMED_COLORS } from './posters/palette.js';
export { PHOTOS_DIR, PHOTO_NAMES, loadPhoto, repoRoot, type PhotoName } from './posters/photos.js';
export { renderPoster } from './posters/render.js';
export { makeRng, type Rng } from './posters/rng.js';
export type {
  Align,
  BackgroundKind,
  BackgroundSpec,
  Decoration,
  PosterCase,
  RenderedPoster,
  TextKind,
} from './posters/types.js';
