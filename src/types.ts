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

export interface ReplaceTextStep {
  op: 'replace-text';
  /** `nth`: which occurrence in reading order (1-based; -1 = the last); absent = every one. */
  target: { text: string; nth?: number };
  params: {
    text: string;
    color?: ColorSpec;
    bold?: boolean;
    /** Relative size change: 1.2 for 放大, 0.8 for 缩小. */
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

export type EditStep = ReplaceTextStep | QueryStep;
export type OpName = EditStep['op'];

export interface EditPlan {
  version: 1;
  /** The instruction after normalisation (NFKC, trimmed): what the plan was parsed from. */
  instruction: string;
  steps: EditStep[];
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
  output?: string;
}
