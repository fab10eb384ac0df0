import { createRequire } from 'node:module';
import path from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

/** The faces we ship (full Noto CJK TTFs from npm: every character PP-OCR can read, Latin included). */
export interface FontFace {
  id: FontId;
  family: string;
  weight: 400 | 700;
  serif: boolean;
  file: string;
}

const FACES = {
  'sans-regular': {
    pkg: 'noto-sans-sc',
    dir: '400Regular',
    file: 'NotoSansSC_400Regular.ttf',
    weight: 400,
    serif: false,
  },
  'sans-bold': {
    pkg: 'noto-sans-sc',
    dir: '700Bold',
    file: 'NotoSansSC_700Bold.ttf',
    weight: 700,
    serif: false,
  },
  'serif-regular': {
    pkg: 'noto-serif-sc',
    dir: '400Regular',
    file: 'NotoSerifSC_400Regular.ttf',
    weight: 400,
    serif: true,
  },
  'serif-bold': {
    pkg: 'noto-serif-sc',
    dir: '700Bold',
    file: 'NotoSerifSC_700Bold.ttf',
    weight: 700,
    serif: true,
  },
} as const;

export type FontId = keyof typeof FACES;
export const FONT_IDS = Object.freeze(Object.keys(FACES) as FontId[]);

const registered = new Map<FontId, FontFace>();

/** Registers a face on first use only: each TTF is ~10 MB and registration parses it. */
export function loadFont(id: FontId): FontFace {
  const hit = registered.get(id);
  if (hit) return hit;
  const spec = FACES[id];
  const require = createRequire(import.meta.url);
  const pkgJson = require.resolve(`@expo-google-fonts/${spec.pkg}/package.json`);
  const file = path.join(path.dirname(pkgJson), spec.dir, spec.file);
  // A distinct family per face, so a canvas font string selects exactly this file.
  const family = `Scalpel ${id}`;
  if (!GlobalFonts.registerFromPath(file, family)) throw new Error(`could not register font ${file}`);
  const face: FontFace = { id, family, weight: spec.weight, serif: spec.serif, file };
  registered.set(id, face);
  return face;
}

/** A canvas `font` shorthand for a face at a pixel size. */
export function fontString(face: FontFace, sizePx: number): string {
  return `${face.weight} ${sizePx.toFixed(2)}px "${face.family}"`;
}
