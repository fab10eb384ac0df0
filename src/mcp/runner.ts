import { edit } from '../runtime/edit.js';
import type { EditPlan, EditReport } from '../types.js';

/** One edit as the tools need it: the image out (absent for a question) and the report. */
export interface Edited {
  image?: Buffer;
  report: EditReport;
}

export interface EditInput {
  image: Buffer;
  instruction: string;
  mask?: Buffer;
  asset?: Buffer;
  format?: 'png' | 'jpeg' | 'webp';
  plan?: EditPlan;
}

/**
 * Who carries out the tools' edits: on stdio, edit() in this process; behind the service, its own
 * job queue (so MCP calls share the service's keys, limits and queue with every other request).
 */
export type Runner = (input: EditInput) => Promise<Edited>;

export const localRunner: Runner = async (input) => {
  const out = await edit(input.image, input.instruction, {
    mask: input.mask,
    asset: input.asset,
    format: input.format,
    plan: input.plan,
  });
  return { image: out.report.answer ? undefined : out.image, report: out.report };
};
