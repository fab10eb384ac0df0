import { originOf } from '../runtime/urls.js';
import { refuseForgery } from '../safety/forgery.js';
import { ScalpelError } from '../errors.js';
import { checkPlanShape } from '../plan/schema.js';
import type { EditPlan } from '../types.js';
import { checkContext } from './context.js';
import { SUPPORTED_EXAMPLES } from './help.js';
import { normalizeInstruction } from './normalize.js';
import { planInstruction, type ParseOptions } from './parse.js';

/**
 * Optional: an LLM behind an OpenAI-compatible chat endpoint (Qwen through DashScope's compatible
 * mode, a local Ollama, …) reads the instruction into our plan JSON. Its answer must pass the plan
 * schema and the request's context; otherwise, or when it cannot be reached, the grammar reads the
 * sentence and the plan says so (`reader.fallback`). Enabled by SCALPEL_LLM_BASE_URL and
 * SCALPEL_LLM_MODEL (SCALPEL_LLM_API_KEY when the endpoint wants one).
 */
export interface LlmSettings {
  base: string;
  model: string;
  key: string;
  timeoutMs: number;
}

export function llmSettings(): LlmSettings | undefined {
  const raw = process.env.SCALPEL_LLM_BASE_URL ?? '';
  const model = process.env.SCALPEL_LLM_MODEL ?? '';
  if (raw === '') return undefined;
  // scheme://host[:port][/path], no credentials in it: the key goes in SCALPEL_LLM_API_KEY.
  const base = originOf('SCALPEL_LLM_BASE_URL', raw, true);
  if (model === '') {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      'SCALPEL_LLM_BASE_URL is set but SCALPEL_LLM_MODEL is not: name the chat model.',
      {
        stage: 'args',
        details: { setting: 'SCALPEL_LLM_MODEL' },
      },
    );
  }
  const timeoutMs = Number(process.env.SCALPEL_LLM_TIMEOUT_MS || 20_000);
  return { base, model, key: process.env.SCALPEL_LLM_API_KEY ?? '', timeoutMs };
}

/** The plan: from the LLM when one is configured and its answer is valid, else from the grammar. */
export async function readPlan(raw: string, opts: ParseOptions = {}): Promise<EditPlan> {
  const llm = llmSettings();
  if (!llm) return planInstruction(raw, opts);
  const instruction = normalizeInstruction(raw, opts.maxLength);
  // Refused before any model reads it, whoever would read it.
  refuseForgery(instruction);
  let why: string;
  try {
    const answer = await chat(
      llm,
      system(),
      JSON.stringify({ instruction, mask: Boolean(opts.context?.mask), asset: Boolean(opts.context?.asset) }),
    );
    const parsed: unknown = JSON.parse(answer.replace(/^```(?:json)?\s*|\s*```$/gu, ''));
    const steps = parsed && typeof parsed === 'object' && 'steps' in parsed ? parsed.steps : parsed;
    const shape = checkPlanShape({ version: 1, instruction, steps });
    if (shape.ok) {
      checkContext(shape.plan, opts.context ?? {});
      return { ...shape.plan, reader: { by: 'llm', model: llm.model } };
    }
    why = `its plan did not fit the schema (${shape.problems.join('; ')})`;
  } catch (err) {
    // Only our own words: an HTTP library's message may quote the URL, credentials and all.
    why =
      err instanceof SyntaxError
        ? 'its answer was not JSON'
        : err instanceof LlmFailure || err instanceof ScalpelError
          ? err.message
          : 'its answer could not be used';
  }
  const plan = planInstruction(raw, opts);
  return {
    ...plan,
    reader: { by: 'grammar', model: llm.model, fallback: `The LLM (${llm.model}) was not used: ${why}.` },
  };
}

/** One chat completion; the key goes only in the Authorization header. */
/** A failure of the chat endpoint, in words that are safe to show. */
class LlmFailure extends Error {}

export async function chat(llm: LlmSettings, system: string, user: string): Promise<string> {
  const res = await fetch(`${llm.base}/chat/completions`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(llm.key ? { Authorization: `Bearer ${llm.key}` } : {}),
    },
    body: JSON.stringify({
      model: llm.model,
      temperature: 0,
      response_format: { type: 'json_object' },
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: user },
      ],
    }),
    signal: AbortSignal.timeout(llm.timeoutMs),
  }).catch((err: unknown) => {
    const timedOut = err instanceof Error && err.name === 'TimeoutError';
    throw new LlmFailure(
      timedOut ? `no answer within ${llm.timeoutMs} ms` : 'the endpoint could not be reached',
    );
  });
  if (!res.ok) throw new LlmFailure(`the endpoint answered HTTP ${res.status}`);
  const body = (await res.json().catch(() => ({}))) as { choices?: { message?: { content?: string } }[] };
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new LlmFailure('the answer had no message content');
  return content;
}

/** The grammar's own plans for the supported examples: the LLM is shown exactly the shapes we run. */
function examples(): string {
  return SUPPORTED_EXAMPLES.slice(0, 24)
    .flatMap((e) => {
      try {
        const ctx = { mask: /这里|this/u.test(e), asset: /LOGO|这张图/iu.test(e) };
        return [
          `${JSON.stringify({ instruction: e, ...ctx })} → ${JSON.stringify({ steps: planInstruction(e, { context: ctx }).steps })}`,
        ];
      } catch {
        return [];
      }
    })
    .join('\n');
}

let prompt: string | undefined;
/** Built on first use: the examples run the grammar. */
const system = () => (prompt ??= SYSTEM());

const SYSTEM = () => `You turn one image-editing instruction (Chinese or English) into Scalpel's plan JSON.
Answer with one JSON object {"steps": [...]} and nothing else. Steps run in order. Ops:
replace-text (target.text = the exact old text, params.text = the new text; color {kind:"solid",rgb:[r,g,b],name} optional),
query (a question: target {object: COCO label, phrase} or {text, phrase} or {pattern:"price"|"any-text", phrase}),
remove / recolor (target {kind:"object",label: COCO-80 label,phrase} | subject | background | text | watermark | region | mask),
replace-background, add (logo/text/sticker at an anchor), adjust (presets: airy brighter darker warmer cooler nordic vivid muted more-contrast less-contrast mono),
edit (new content only a generative model can draw: materials, outfits, people, scenes; params.prompt = the user's words; target = where, or {kind:"image",phrase}).
Use target kind "mask" only when the user says here/this and mask is true. Never invent texts or objects the instruction does not name.
Examples (input → output):
${examples()}`;

/**
 * Qwen recommends rewriting edit prompts before Qwen-Image-Edit sees them: one precise, self-contained
 * instruction saying what changes, where, and that the rest stays. Done for generative steps when an
 * LLM is configured and SCALPEL_LLM_REWRITE=1; on any failure the user's words are sent as typed.
 */
export async function rewritePrompt(prompt: string): Promise<{ prompt: string; note?: string }> {
  const llm = process.env.SCALPEL_LLM_REWRITE === '1' ? llmSettings() : undefined;
  if (!llm) return { prompt };
  try {
    const answer = JSON.parse(await chat(llm, REWRITE, prompt)) as { rewritten?: unknown };
    const text = typeof answer.rewritten === 'string' ? answer.rewritten.trim() : '';
    if (text === '' || text.length > 800) throw new Error('no usable "rewritten" field');
    return { prompt: text };
  } catch (err) {
    return {
      prompt,
      note: `The prompt was sent as typed: rewriting failed (${err instanceof Error ? err.message : String(err)}).`,
    };
  }
}

const REWRITE = `You rewrite a user's image-editing request for an instruction-based image editing model (Qwen-Image-Edit).
Write one precise instruction in the user's language: what to change, where in the image, and what it should look like; add "keep everything else unchanged".
Keep quoted text exactly as given. Do not add objects, styles or text the user did not ask for.
Answer with JSON only: {"rewritten": "..."}`;
