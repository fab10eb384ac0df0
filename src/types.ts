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

export type EditStep = ReplaceTextStep;
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
  output?: string;
}
