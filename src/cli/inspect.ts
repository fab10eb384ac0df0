import { readFile } from 'node:fs/promises';
import { ScalpelError } from '../errors.js';
import { inspectImage } from '../provenance/inspect.js';
import { usage, type ParsedArgs } from './args.js';
import type { Io } from './run.js';

/** `scalpel inspect <image> [--json]`: the file's AIGC label (GB 45438-2025) and whether it still binds. */
export async function runInspect(args: ParsedArgs, io: Io, json: boolean): Promise<number> {
  const [file, extra] = args.positional;
  if (!file || extra !== undefined) throw usage('Usage: scalpel inspect <image> [--json]');
  const bytes = await readFile(file).catch((err: unknown) => {
    throw new ScalpelError('INVALID_ARGUMENT', `Cannot read '${file}'.`, {
      stage: 'args',
      details: { file },
      cause: err,
    });
  });
  const r = await inspectImage(bytes);
  if (json) {
    io.stdout(`${JSON.stringify({ ok: true, file, ...r })}\n`);
    return 0;
  }
  const lines = [`${file}: ${r.format}, ${r.width}×${r.height}`];
  if (!r.aigc) lines.push('No AIGC label (GB 45438-2025 implicit label): not marked as AI-generated.');
  else {
    lines.push(
      `AIGC label: Label ${r.aigc.Label} (AI-generated), producer ${r.aigc.ContentProducer}, ProduceID ${r.aigc.ProduceID}`,
    );
    if (r.aigc.ReservedCode2) lines.push(`  ${r.aigc.ReservedCode2}`);
    lines.push(
      {
        intact: '  Binding: intact (ReservedCode1 matches these pixels).',
        changed: '  Binding: CHANGED — these pixels are not the ones the label was written for.',
        unbound: '  Binding: none this tool can check (another producer’s label).',
        none: '',
      }[r.binding],
    );
  }
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}
