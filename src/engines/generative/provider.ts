import { ProviderFailure } from './resilience.js';

/**
 * What a generative engine's adapter speaks: one image (and a mask where the protocol takes one)
 * and a prompt in, one redrawn image out. Everything else (grounding, cropping, registration,
 * compositing, the report) is shared, in engine.ts.
 */
export interface GenerateRequest {
  /** PNG of what is sent: the context-padded crop, at the size the model prefers. */
  image: Buffer;
  /** PNG, same size, white where the model may draw; only for protocols that take a mask. */
  mask?: Buffer;
  prompt: string;
  width: number;
  height: number;
  signal: AbortSignal;
}

export interface GenerateResult {
  /** The redrawn image as the provider returned it (any size, any format sharp reads). */
  image: Buffer;
  model: string;
  requestId?: string;
  /** The provider's own usage record (DashScope: image_count, width, height), as it came. */
  usage?: Record<string, unknown>;
}

export interface Provider {
  id: string;
  /** What the settings point at, for `scalpel engines` and the report: never a secret. */
  endpoint(): string;
  model(): string;
  configured(): boolean;
  /** What to set to enable it. */
  enable: string;
  /** Whether the protocol takes a mask (OpenAI-style edits do; DashScope's edit does not). */
  takesMask: boolean;
  /** A cheap request that proves the endpoint answers; throws when it does not. */
  probe(signal: AbortSignal): Promise<void>;
  generate(req: GenerateRequest): Promise<GenerateResult>;
}

/** An HTTP body quoted in an error message: cut short (it never holds our key, which is only sent). */
export const short = (text: string) => (text.length > 300 ? `${text.slice(0, 300)}…` : text);

/** Largest answer body read from a provider: a redrawn ~1 MP frame is a few MB. */
export const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

/** The body as bytes, refused past MAX_ANSWER_BYTES (a provider's answer is not trusted to be small). */
export async function bytesOf(res: Response): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_ANSWER_BYTES) throw tooLarge(declared);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of res.body ?? []) {
    total += chunk.length;
    if (total > MAX_ANSWER_BYTES) throw tooLarge(total);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const tooLarge = (n: number) =>
  new ProviderFailure(`The answer is over ${MAX_ANSWER_BYTES} bytes (${n}).`, {
    retryable: false,
    code: 'answer_too_large',
  });

/** Retryable HTTP statuses: rate limits and server-side failures. */
export const retryableStatus = (status: number) => status === 408 || status === 429 || status >= 500;
