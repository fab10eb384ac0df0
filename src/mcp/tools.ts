import path from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { writeAtomic } from '../cli/write.js';
import { routePlan } from '../engines/index.js';
import { ScalpelError } from '../errors.js';
import { describePlan, readPlan } from '../instruction/index.js';
import type { EditReport } from '../types.js';
import type { Runner } from './runner.js';
import { assetFields, imageFields, imageInput, maskFields, type InputPolicy } from './inputs.js';

const FORMAT = z.enum(['png', 'jpeg', 'webp']).optional().describe('Output format; default: the input’s.');
const MIME = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' } as const;
/** Variants in one batch_variants call: each is a full edit, run one after another. */
export const MAX_VARIANTS = 20;

/**
 * The four tools an assistant uses: edit_image (the edited image as an image block, the report as
 * structured content), ask_image (the question's answer), plan_instruction (what would be done, no
 * image), batch_variants (one image, several instructions). Errors come back as tool errors carrying
 * Scalpel's error JSON (code, message, details), never as protocol failures.
 */
export function registerTools(server: McpServer, policy: InputPolicy, run: Runner): void {
  server.registerTool(
    'edit_image',
    {
      title: 'Edit an image by instruction',
      description:
        'Edits an image as one sentence in Chinese or English says (把"¥199"改成"¥169"，字体颜色变红 / 去掉路人 / make the cup blue / 右下角加上LOGO). ' +
        'Only what the sentence names changes: every other pixel is the input’s. Returns the image and the report (plan, regions, engine, quality, warnings).',
      inputSchema: {
        ...imageFields,
        instruction: z.string(),
        ...maskFields,
        ...assetFields,
        format: FORMAT,
        ...(policy.paths
          ? { output_path: z.string().optional().describe('Also write the result here.') }
          : {}),
      },
    },
    (args) =>
      answer(async () => {
        const image = await mainImage(args, policy);
        const mask = await imageInput(
          'mask',
          { path: args.mask_path, base64: args.mask_base64 },
          policy,
          false,
        );
        const asset = await imageInput(
          'asset',
          { path: args.asset_path, base64: args.asset_base64 },
          policy,
          false,
        );
        const out = await run({ image, instruction: args.instruction, mask, asset, format: args.format });
        if (out.report.answer || !out.image) return answered(out.report);
        const output = typeof args.output_path === 'string' ? path.resolve(args.output_path) : undefined;
        // Whole or not at all: a failed write leaves no partial file (OUTPUT_WRITE_FAILED).
        if (output) await writeAtomic(output, out.image);
        return {
          content: [
            {
              type: 'image',
              data: out.image.toString('base64'),
              mimeType: MIME[out.report.image.format as keyof typeof MIME],
            },
            { type: 'text', text: summary(out.report, output) },
          ],
          structuredContent: { ...out.report, ...(output ? { output } : {}) },
        };
      }),
  );

  server.registerTool(
    'ask_image',
    {
      title: 'Ask about an image',
      description:
        'Answers a question about the image without changing it: 图中有没有狗？ / Is there a car? / 图中有没有"¥199" / Where is the price?',
      inputSchema: { ...imageFields, question: z.string() },
    },
    (args) =>
      answer(async () => {
        const image = await mainImage(args, policy);
        const plan = await readPlan(args.question);
        if (!plan.steps.every((s) => s.op === 'query'))
          throw new ScalpelError(
            'INVALID_ARGUMENT',
            'That is an edit, not a question: use edit_image for it.',
            { stage: 'args', details: { plan } },
          );
        return answered((await run({ image, instruction: args.question, plan })).report);
      }),
  );

  server.registerTool(
    'plan_instruction',
    {
      title: 'Show what an instruction would do',
      description:
        'The plan an edit would run, each step in words and the engine that would run it; no image, no model. Refuses what edit_image would refuse, with the same error.',
      inputSchema: {
        instruction: z.string(),
        mask: z.boolean().optional(),
        asset: z.boolean().optional(),
      },
    },
    (args) =>
      answer(async () => {
        const plan = await readPlan(args.instruction, {
          context: { mask: args.mask === true, asset: args.asset === true },
        });
        const engines = routePlan(plan).flatMap((l) => l.steps.map(() => l.engine.id));
        const words = describePlan(plan);
        return {
          content: [
            {
              type: 'text',
              text: words.map((w, i) => `${i + 1}. ${w}${engines[i] ? ` [${engines[i]}]` : ''}`).join('\n'),
            },
          ],
          structuredContent: { plan, summary: words, engines },
        };
      }),
  );

  server.registerTool(
    'batch_variants',
    {
      title: 'Make variants of one image',
      description: `One image, up to ${MAX_VARIANTS} instructions (regional prices, colours): each variant edited from the original. A failed variant is reported and the others still run.`,
      inputSchema: {
        ...imageFields,
        instructions: z.array(z.string()).min(1).max(MAX_VARIANTS),
        format: FORMAT,
      },
    },
    (args) =>
      answer(async () => {
        const image = await mainImage(args, policy);
        const content: CallToolResult['content'] = [];
        const variants: Record<string, unknown>[] = [];
        for (const instruction of args.instructions) {
          try {
            const out = await run({ image, instruction, format: args.format });
            if (!out.image)
              throw new ScalpelError('INVALID_ARGUMENT', 'A question makes no variant: use ask_image.', {
                stage: 'args',
              });
            content.push(
              {
                type: 'image',
                data: out.image.toString('base64'),
                mimeType: MIME[out.report.image.format as keyof typeof MIME],
              },
              { type: 'text', text: `${instruction}: ${summary(out.report)}` },
            );
            variants.push({ instruction, ok: true, report: out.report });
          } catch (err) {
            const e = ScalpelError.from(err);
            content.push({ type: 'text', text: `${instruction}: ${e.message} [${e.code}]` });
            variants.push({ instruction, ok: false, error: e.toJSON() });
          }
        }
        return {
          content,
          structuredContent: {
            variants,
            ok: variants.filter((v) => v.ok).length,
            failed: variants.filter((v) => !v.ok).length,
          },
        };
      }),
  );
}

/** The image a tool works on: required, by path (stdio) or base64. */
async function mainImage(
  args: { image_path?: string; image_base64?: string },
  policy: InputPolicy,
): Promise<Buffer> {
  return (await imageInput(
    'image',
    { path: args.image_path, base64: args.image_base64 },
    policy,
    true,
  )) as Buffer;
}

/** Runs a tool; a ScalpelError (or any error) becomes a tool error with Scalpel's error JSON. */
async function answer(work: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await work();
  } catch (err) {
    const e = ScalpelError.from(err);
    return {
      isError: true,
      content: [{ type: 'text', text: `${e.message} [${e.code}]` }],
      structuredContent: { error: e.toJSON() },
    };
  }
}

function answered(report: EditReport): CallToolResult {
  const a = report.answer;
  const text = a
    ? `${a.exists ? 'Yes' : 'No'}.${a.objects.length ? ` Found: ${a.objects.map((o) => `${o.text ?? o.label} (${o.confidence})`).join(', ')}.` : ''}${a.note ? ` ${a.note}` : ''}`
    : 'No answer.';
  return { content: [{ type: 'text', text }], structuredContent: { answer: a ?? null, report } };
}

function summary(report: EditReport, output?: string): string {
  const steps = report.steps.map(
    (s) => `${s.op} [${s.engine}] ${s.region.width}×${s.region.height} at (${s.region.x},${s.region.y})`,
  );
  const warnings = [...report.warnings, ...report.steps.flatMap((s) => s.warnings)];
  return [
    `${steps.join('; ')} in ${report.timings.total_ms} ms.`,
    ...(warnings.length ? [`Warnings: ${warnings.join(' ')}`] : []),
    ...(output ? [`Written to ${output}.`] : []),
  ].join(' ');
}
