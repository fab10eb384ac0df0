// Shared by remove, recolor and replace-background: their targets are grounded the same way.
import { loadDetector } from '../../perception/detect.js';
import { loadMatte } from '../../perception/matte.js';
import { loadOcr } from '../../perception/ocr.js';
import { loadPeople } from '../../perception/people.js';
import { FONT_IDS, loadFont } from '../../text/fonts.js';
import type { ObjectTarget } from '../../types.js';

/** Loads the models grounding these targets needs, so loading counts as load_ms and not edit time. */
export async function loadGrounding(targets: ObjectTarget[]): Promise<void> {
  const objects = targets.filter((t) => t.kind === 'object');
  const text = targets.some((t) => t.kind === 'text' || t.kind === 'watermark' || t.kind === 'region');
  const matte =
    targets.some((t) => t.kind === 'subject' || t.kind === 'background' || t.kind === 'region') ||
    objects.some((t) => t.label !== 'person');
  await Promise.all([
    objects.length || targets.some((t) => t.kind === 'region') ? loadDetector() : undefined,
    objects.some((t) => t.label === 'person') ? loadPeople() : undefined,
    matte ? loadMatte() : undefined,
    text ? loadOcr() : undefined,
  ]);
  if (text) for (const id of FONT_IDS) loadFont(id);
}
