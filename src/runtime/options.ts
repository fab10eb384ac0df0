import type { ImageFormat } from '../image/io.js';
import type { VisibleLabelOptions } from '../provenance/visible.js';
import type { EditPlan } from '../types.js';

/** Caller-facing knobs for one edit; every field has a documented default. */
export interface EditOptions {
  /** User mask (encoded image, white = may edit). It always wins over grounding. */
  mask?: Buffer;
  /** An image the instruction refers to (a logo to add, a new background), encoded. */
  asset?: Buffer;
  /** Longest instruction accepted, in characters after normalisation. Default 200. */
  maxInstructionLength?: number;
  /** Output format; default: the input's format. */
  format?: ImageFormat;
  /** Pixel limit for decoding (decompression-bomb guard). Default 40 megapixels. */
  maxPixels?: number;
  /**
   * A plan parsed earlier (the service parses once to key its cache, and amends plans for follow-ups
   * such as 字再大一点); the instruction is then only echoed.
   */
  plan?: EditPlan;
  /**
   * Runs every step on this engine (`local`, `dashscope`, `openai`, `comfyui`). Default: each step
   * to the first engine that does it well (local, then the configured generative engine).
   */
  engine?: string;
  /**
   * Whether a local step that finds it would have to invent (a removal over 40% of the image) may go
   * to a configured generative engine. Default true; the service's quick preview says false, so a
   * paid call is made once, for the result.
   */
  fallback?: boolean;
  /**
   * Screening before the edit: sexual content refused (UNSAFE_CONTENT), identity documents not
   * edited (IDENTITY_DOCUMENT). Default true; the service always screens.
   */
  safety?: boolean;
  /**
   * Also draw GB 45438-2025's visible label (AI生成 on a translucent plate, bottom-right, at least 5%
   * of the shortest side high). Its box joins the edit's region in the report. Default off.
   */
  visibleLabel?: boolean | VisibleLabelOptions;
  /** The AIGC label's ProduceID for this output (the service uses the job's id); default a new UUID. */
  produceId?: string;
  /** Aborts remote engine calls when the caller gives up. */
  signal?: AbortSignal;
}

export const DEFAULTS = {
  maxInstructionLength: 200,
  maxPixels: 40_000_000,
} as const;
