import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { LabelCorner } from '../provenance/visible.js';
import { ScalpelError } from '../errors.js';
import { SUPPORTED_EXAMPLES } from '../instruction/index.js';
import { IMAGE_FORMATS, type ImageFormat } from '../image/formats.js';
import { parseArgs, usage, type ParsedArgs } from './args.js';
import { summary } from './summary.js';
import { writeAtomic, formatFromPath } from './write.js';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const HELP = `scalpel — instruction-driven, surgical image editing

Usage:
  scalpel edit <image> "<instruction>" [-o <out>] [--mask <mask.png>] [--asset <img>] [--json]
  scalpel edit <image> "<question>" [--json]
  scalpel plan "<instruction>" [--mask <file>] [--asset <file>] [--json]
                        what would be done, without reading an image or loading a model
  scalpel inspect <image> [--json]
                        the image's AIGC label (GB 45438-2025 implicit label) and whether it
                        still matches its pixels
  scalpel engines [--json]
                        each engine, what it does, whether it is configured and answers
  scalpel feasibility [--model <id>] [--device <id>] [--precision <p>] [--json]
                        can a model run on a phone or a GPU: weights, peak memory, a latency
                        lower bound and a verdict (every known model on every device by default)
  scalpel mcp             the Model Context Protocol over stdio (tools: edit_image, ask_image,
                        plan_instruction, batch_variants), for assistants such as Claude Desktop
  scalpel serve [--port <n>] [--host <addr>] [--data-dir <dir>]
  scalpel worker --redis <url> [--concurrency <n>] [--storage <dir>] [--queue <name>]
                        run edits from a service's queue on Redis (SCALPEL_REDIS_URL), on
                        this machine or another that shares the image storage
  scalpel keys create --name <name> [--rate <per minute>] [--quota <per day>] | keys list | keys revoke <id>
  scalpel audit verify [--data-dir <dir>]
                        check the service's hash-chained audit log: exit 1 if any record was
                        edited, removed, reordered or cut off
  scalpel --help | --version

Options:
  -o, --output <file>   where to write the result (default: <image>.edited.<ext>);
                        its extension picks the format (.png .jpg .jpeg .webp)
  --mask <file>         only pixels that are white in this image may change
  --asset <file>        an image the instruction uses: a logo to add, a new background
  --json                print one JSON report on stdout (errors too)
  --max-length <n>      longest instruction accepted (default 200 characters)
  --format <fmt>        output format: png, jpeg or webp (default: the input's)
  --visible-label       also draw the visible AIGC label (GB 45438-2025): AI生成 on a plate,
                        at least 5% of the shortest side high; --label-corner bottom-right
                        (default), bottom-left, top-right or top-left; --label-text <words>
  --engine <id>         run every step on this engine: local, dashscope, openai, comfyui
                        (default: each step to the first engine that does it well)

Examples (the pictures are in the repository's examples/ folder):
  scalpel edit examples/poster.png "把'¥199'改成'¥169'，字体颜色变红" -o out.png
  scalpel edit examples/poster.png 'Change "SALE" to "NEW" in gold' -o sale-new.png --json
  scalpel edit examples/people.jpg "去掉左边的人" -o clean.png
  scalpel edit examples/cup.jpg "把杯子换成蓝色，保持光影一致" -o blue.png
  scalpel edit examples/product.png "背景换成纯白" -o white.png
  scalpel edit examples/poster.png "右下角加上LOGO，留白10%" --asset examples/logo.png -o branded.png
  scalpel edit examples/cup.jpg "让画面更通透一些" -o airy.jpg
  scalpel edit examples/cup.jpg "图中有没有狗？" --json   (a question: answered, no image written)
  scalpel plan "去掉左边的人，再把背景换成纯白"

Instructions, in Chinese or English (several in one sentence run in order):
${SUPPORTED_EXAMPLES.map((e) => `  ${e}`).join('\n')}

Exit codes: 0 done, 2 problem with the input or instruction, 1 internal fault.
`;

const COMMANDS = [
  'edit',
  'plan',
  'inspect',
  'engines',
  'feasibility',
  'mcp',
  'serve',
  'worker',
  'keys',
  'audit',
];

/** Runs one CLI invocation and returns its exit code; never throws. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  let json = argv.includes('--json');
  try {
    const args = parseArgs(argv);
    json = args.flags['--json'] === true;
    if (args.flags['--version']) {
      const require = createRequire(import.meta.url);
      io.stdout(`${(require('../../../package.json') as { version: string }).version}\n`);
      return 0;
    }
    if (args.flags['--help'] || args.command === undefined || args.command === 'help') {
      io.stdout(HELP);
      return args.command === undefined && !args.flags['--help'] ? 2 : 0;
    }
    // Loaded on demand: an edit should not pay for the HTTP server and the database.
    if (args.command === 'serve') return await (await import('./serve.js')).runServe(args, io);
    if (args.command === 'worker') return await (await import('./worker.js')).runWorker(args, io);
    if (args.command === 'keys') return await (await import('./serve.js')).runKeys(args, io);
    if (args.command === 'audit') return await (await import('./audit.js')).runAudit(args, io, json);
    if (args.command === 'inspect') return await (await import('./inspect.js')).runInspect(args, io, json);
    // No model, no image: the grammar alone, in milliseconds.
    if (args.command === 'plan') return await (await import('./plan.js')).runPlan(args, io, json);
    if (args.command === 'mcp') return await (await import('./mcp.js')).runMcp();
    if (args.command === 'engines') return await (await import('./engines.js')).runEngines(io, json);
    if (args.command === 'feasibility')
      return (await import('./feasibility.js')).runFeasibility(args, io, json);
    if (args.command !== 'edit') {
      throw usage(`Unknown command '${args.command}'. Valid commands: ${COMMANDS.join(', ')}.`, {
        command: args.command,
        valid: COMMANDS,
      });
    }
    return await runEdit(args, io, json);
  } catch (err) {
    const e = ScalpelError.from(err);
    if (json) io.stdout(JSON.stringify({ ok: false, error: e.toJSON() }) + '\n');
    else io.stderr(`scalpel: ${e.message} [${e.code}]\n`);
    return e.exitCode;
  }
}

async function runEdit(args: ParsedArgs, io: Io, json: boolean): Promise<number> {
  const [input, instruction, ...extra] = args.positional;
  if (input === undefined || instruction === undefined) {
    throw usage('Usage: scalpel edit <image> "<instruction>" [-o <out>] [--mask <mask.png>] [--json]');
  }
  if (extra.length) throw usage(`Unexpected argument '${extra[0]}'. Quote the instruction as one argument.`);
  const maxLength = maxLengthFlag(args);
  const output = typeof args.flags['--output'] === 'string' ? args.flags['--output'] : defaultOutput(input);
  const explicit = args.flags['--format'];
  if (typeof explicit === 'string' && !IMAGE_FORMATS.includes(explicit as ImageFormat)) {
    throw usage(`Unknown format '${explicit}'. Valid formats: ${IMAGE_FORMATS.join(', ')}.`, {
      valid: IMAGE_FORMATS,
    });
  }
  const format = (explicit as ImageFormat | undefined) ?? formatFromPath(output);
  const image = await readInput(input, 'image');
  const mask =
    typeof args.flags['--mask'] === 'string' ? await readInput(args.flags['--mask'], 'mask') : undefined;
  const asset =
    typeof args.flags['--asset'] === 'string' ? await readInput(args.flags['--asset'], 'asset') : undefined;
  const { edit } = await import('../runtime/edit.js');
  const engine = typeof args.flags['--engine'] === 'string' ? args.flags['--engine'] : undefined;
  const str = (flag: string) => (typeof args.flags[flag] === 'string' ? args.flags[flag] : undefined);
  const labelled = args.flags['--visible-label'] === true || str('--label-corner') || str('--label-text');
  const result = await edit(image, instruction, {
    mask,
    asset,
    maxInstructionLength: maxLength,
    format,
    engine,
    visibleLabel: labelled
      ? { corner: str('--label-corner') as LabelCorner | undefined, text: str('--label-text') }
      : undefined,
  });
  if (result.report.answer) {
    // A question is answered in the report; it writes no image (exists: false is an answer too).
    const report = result.report;
    if (args.flags['--output'] !== undefined)
      report.warnings.push('A question writes no image: -o was ignored.');
    if (json) io.stdout(JSON.stringify(report) + '\n');
    else io.stderr(summary(report));
    return 0;
  }
  await writeAtomic(output, result.image);
  const report = { ...result.report, output };
  if (json) io.stdout(JSON.stringify(report) + '\n');
  else io.stderr(summary(report));
  return 0;
}

async function readInput(file: string, what: 'image' | 'mask' | 'asset'): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = what === 'mask' ? 'INVALID_MASK' : what === 'asset' ? 'INVALID_ARGUMENT' : 'INVALID_IMAGE';
    throw new ScalpelError(
      code,
      `Cannot read the ${what} file '${file}': ${(err as NodeJS.ErrnoException).code ?? 'error'}.`,
      {
        stage: 'load',
        details: { file },
        cause: err,
      },
    );
  }
}

function defaultOutput(input: string): string {
  const dot = input.lastIndexOf('.');
  return dot > input.lastIndexOf('/')
    ? `${input.slice(0, dot)}.edited${input.slice(dot)}`
    : `${input}.edited.png`;
}

/** --max-length as a number, validated; undefined when not given. */
export function maxLengthFlag(args: ParsedArgs): number | undefined {
  const raw = args.flags['--max-length'];
  const value = raw === undefined ? undefined : Number(raw);
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
    throw usage('--max-length takes a positive whole number.', { value: raw });
  }
  return value;
}
