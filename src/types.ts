/** Shared plain-JSON shapes: plans and reports go unchanged into cache keys, logs and HTTP bodies. */

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Rgb = [number, number, number];

/** A text line's quadrilateral in image pixels: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [[number, number], [number, number], [number, number], [number, number]];

export type ColorSpec =
  { kind: 'solid'; rgb: Rgb; name?: string } | { kind: 'gradient'; stops: Rgb[]; name?: string };

/** Texts named by their role on a poster. */
export type TextRole = 'price' | 'title';

export interface ReplaceTextStep {
  op: 'replace-text';
  /**
   * `nth`: which occurrence in reading order (1-based; -1 = the last); absent = every one. `role`:
   * the text named by what it is (把价格改成99元: the price; 把标题换成红色: the title), found on the
   * image; `text` is then '' and `phrase` the user's word.
   */
  target: { text: string; nth?: number; role?: TextRole; phrase?: string };
  params: {
    /** The new text; '' with a `role` target keeps the text found (把标题换成红色). */
    text: string;
    color?: ColorSpec;
    bold?: boolean;
    /** Relative size change: 1.25 for 放大, 0.8 for 缩小. */
    scale?: number;
  };
}

/**
 * A question about the image ("图中有没有狗？", "where is the price?"): changes no pixel. `phrase` is
 * what the user called the target, kept for the answer's wording.
 */
export interface QueryStep {
  op: 'query';
  // `text?: undefined` on the non-text targets keeps `step.target.text` readable on any step.
  target:
    | { object: string; phrase: string; text?: undefined }
    | { text: string; phrase: string }
    /** A kind of text rather than a literal one: prices, or any text at all. */
    | { pattern: 'price' | 'any-text'; phrase: string; text?: undefined };
  params: Record<string, never>;
}

/** A question's answer (the CLI contract of issue 2): `note` says how sure the detector was. */
export interface QueryAnswer {
  exists: boolean;
  objects: { label: string; box: Box; confidence: number; text?: string }[];
  note?: string;
}

/** The nine places an anchor or a region phrase names (左上角 / top-left, 中间 / center, …). */
export const ANCHORS = [
  'top-left',
  'top',
  'top-right',
  'left',
  'center',
  'right',
  'bottom-left',
  'bottom',
  'bottom-right',
] as const;
export type Anchor = (typeof ANCHORS)[number];

/**
 * Which one of several matches: by stated position (最左边的人 / the person on the left) or size
 * (最大的 / the biggest). Absent: the most salient one, and the report says which.
 */
export type Pick = { by: 'position'; anchor: Anchor } | { by: 'size'; order: 'largest' | 'smallest' };

/** What an object-level step acts on; grounding turns it into a mask, a box and a confidence. */
export type ObjectTarget =
  /** A COCO class through the lexicon (人/路人/person → person); `all`: every match (所有人 / all the people). */
  | { kind: 'object'; label: string; phrase: string; pick?: Pick; all?: true }
  /** The salient subject (主体/商品/the product), from the matte. */
  | { kind: 'subject'; phrase: string }
  /** Everything but the subject (背景/the background): the inverted matte. */
  | { kind: 'background'; phrase: string }
  /** A quoted text, found by OCR (去掉文字'X'). */
  | { kind: 'text'; text: string; phrase: string; nth?: number }
  /** Text-like marks: watermarks, captions (去水印 / remove the watermark), optionally in one part of the frame (右下角的水印). */
  | { kind: 'watermark'; phrase: string; anchor?: Anchor }
  /** A named part of the frame (右下角 / the top-left corner). */
  | { kind: 'region'; anchor: Anchor; phrase: string }
  /** Only the user's --mask says where ("去掉这个" with a mask). */
  | { kind: 'mask'; phrase: string };

export interface RemoveStep {
  op: 'remove';
  target: ObjectTarget;
  params: Record<string, never>;
}

export interface RecolorStep {
  op: 'recolor';
  target: ObjectTarget;
  /** The hue and chroma to take on; the pixels keep their own lightness (shading, folds, highlights). */
  params: { color: { kind: 'solid'; rgb: Rgb; name?: string } };
}

export type BackgroundFill =
  | { kind: 'color'; rgb: Rgb; name?: string }
  /** Top-to-bottom (vertical) or left-to-right (horizontal) through the stops. */
  | { kind: 'gradient'; stops: Rgb[]; direction: 'vertical' | 'horizontal'; name?: string }
  /** The existing background, blurred (Gaussian sigma in px at 1024 px on the long side). */
  | { kind: 'blur'; sigma: number }
  /** The image given with --asset, scaled to cover. */
  | { kind: 'asset' }
  /** No background: a cut-out (抠图), the matte becomes the alpha channel. PNG or WebP output only. */
  | { kind: 'transparent' };

export interface ReplaceBackgroundStep {
  op: 'replace-background';
  target: { kind: 'background'; phrase: string };
  params: { fill: BackgroundFill; shadow: boolean };
}

export const STICKERS = [
  'sakura',
  'star',
  'balloon',
  'snowflake',
  'heart',
  'sparkle',
  'confetti',
  'ribbon',
] as const;
export type StickerName = (typeof STICKERS)[number];

export type OverlayContent =
  /** The image given with --asset (a logo). */
  | { kind: 'asset' }
  /** A text watermark. */
  | { kind: 'text'; text: string; color?: Rgb }
  /** A decoration drawn from the built-in library. */
  | { kind: 'sticker'; name: StickerName };

export interface AddStep {
  op: 'add';
  target: { kind: 'region'; anchor: Anchor; phrase: string };
  params: {
    content: OverlayContent;
    /** Gap between the overlay and the image edges, as a fraction of the image's shorter side (留白10% → 0.1). */
    margin: number;
    /** Overlay width as a fraction of the image width. */
    scale: number;
    /** 0..1. */
    opacity: number;
    /** Stickers only: how many copies are scattered around the anchor. */
    count: number;
  };
}

export const ADJUST_PRESETS = [
  'airy',
  'brighter',
  'darker',
  'warmer',
  'cooler',
  'nordic',
  'vivid',
  'muted',
  'more-contrast',
  'less-contrast',
  'mono',
] as const;
export type AdjustPreset = (typeof ADJUST_PRESETS)[number];

export interface AdjustStep {
  op: 'adjust';
  target: { kind: 'global'; phrase: string };
  /** `strength` scales the preset: 1 is the default amount, 0.5 for 一点/a little, 1.5 for 很/much. */
  params: { preset: AdjustPreset; strength: number };
}

/**
 * New content only a generative model can draw (布料变皮革, 给模特换一身西装, 背景加入樱花): the user's
 * words for it, and where it goes when the sentence names a thing the local engine can ground
 * (an object, the background, the user's mask); `image` means the whole frame, a global step.
 */
export interface GenerativeStep {
  op: 'edit';
  target: ObjectTarget | { kind: 'image'; phrase: string };
  /**
   * `around`: the new thing goes on or beside the target and may stand out of its outline (在沙发上加
   * 一只猫, 给她戴一顶帽子): the region is the target's box, grown, not its exact mask. `why`: what the
   * parser saw that only a generative model can draw, shown if none is configured.
   */
  params: { prompt: string; around?: true; why?: string };
}

export type EditStep =
  | ReplaceTextStep
  | QueryStep
  | RemoveStep
  | RecolorStep
  | ReplaceBackgroundStep
  | AddStep
  | AdjustStep
  | GenerativeStep;
export type OpName = EditStep['op'];

export interface EditPlan {
  version: 1;
  /** The instruction after normalisation (NFKC, trimmed): what the plan was parsed from. */
  instruction: string;
  steps: EditStep[];
  /** Words read as context, not request, and set aside (老板说价格写错了, for the memorial post). */
  ignored?: string[];
  /**
   * Clauses asking to leave something alone (其他地方不要动, keep the background unchanged): every
   * edit does, so they add no step.
   */
  kept?: string[];
  /**
   * Who read the sentence, when an LLM is configured (SCALPEL_LLM_BASE_URL): `llm`, or `grammar`
   * with `fallback` saying why the LLM's reading was not used. Absent: the grammar, as always.
   */
  reader?: { by: 'llm' | 'grammar'; model: string; fallback?: string };
}

export interface StepReport {
  op: OpName;
  target: EditStep['target'];
  region: Box;
  engine: string;
  quality: Record<string, unknown>;
  warnings: string[];
  details: Record<string, unknown>;
  answer?: QueryAnswer;
}

export interface Timings {
  total_ms: number;
  load_ms: number;
  [stage: string]: number;
}

export interface EditReport {
  ok: true;
  plan: EditPlan;
  steps: StepReport[];
  image: { width: number; height: number; format: string };
  warnings: string[];
  timings: Timings;
  /** Present when the instruction was a question; then no image is written. */
  answer?: QueryAnswer;
  /** The GB 45438-2025 implicit label embedded in the output's XMP (absent for a question). */
  aigc?: AigcLabel;
  /** The visible label drawn on the output when asked for; its box is changed pixels too. */
  visible_label?: {
    text: string;
    corner: string;
    box: Box;
    font_px: number;
    warning?: string;
    /** Already on the input and untouched by the edit: kept, not drawn again. */
    kept?: true;
  };
  output?: string;
}

/**
 * GB 45438-2025's implicit label (the `AIGC` JSON in TC260's XMP namespace): `Label` "1" is
 * AI-generated or -synthesised content; see src/provenance/aigc.ts for how each field is filled.
 */
export interface AigcLabel {
  Label: '1' | '2' | '3';
  ContentProducer: string;
  ProduceID: string;
  ReservedCode1: string;
  ContentPropagator: string;
  PropagateID: string;
  ReservedCode2: string;
}
