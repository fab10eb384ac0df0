import { routePlan } from '../engines/index.js';
import { describePlan, readPlan } from '../instruction/index.js';
import type { ParsedArgs } from './args.js';
import { usage } from './args.js';
import { maxLengthFlag, type Io } from './run.js';

/**
 * `scalpel plan "<instruction>" [--mask F] [--asset F] [--engine E] [--lang zh] [--json]`: the plan, or the error `edit` would
 * give, without reading an image or loading a model (an LLM reads it first when one is configured). --mask and --asset only say that one is given
 * (the files are not read). Same exit codes as `edit`.
 */
export async function runPlan(args: ParsedArgs, io: Io, json: boolean): Promise<number> {
  const [instruction, ...extra] = args.positional;
  if (instruction === undefined) {
    throw usage('Usage: scalpel plan "<instruction>" [--mask <file>] [--asset <file>] [--json]');
  }
  if (extra.length) throw usage(`Unexpected argument '${extra[0]}'. Quote the instruction as one argument.`);
  for (const flag of ['--output', '--format'] as const) {
    if (args.flags[flag] !== undefined) throw usage(`scalpel plan writes no image: ${flag} does not apply.`);
  }
  const plan = await readPlan(instruction, {
    maxLength: maxLengthFlag(args),
    context: { mask: args.flags['--mask'] !== undefined, asset: args.flags['--asset'] !== undefined },
  });
  // Who would run each step: new content with no engine configured is the error `edit` would give.
  const force = args.flags['--engine'];
  const legs = routePlan(plan, typeof force === 'string' ? force : undefined);
  const engines = legs.flatMap((l) => l.steps.map(() => l.engine.id));
  const lang = args.flags['--lang'] ?? 'en';
  if (lang !== 'en' && lang !== 'zh') throw usage(`--lang is 'en' or 'zh', not '${String(lang)}'.`);
  const words = describePlan(plan, lang);
  if (json) io.stdout(JSON.stringify({ ok: true, plan, summary: words, engines }) + '\n');
  // One line a step, then the notes on the sentence (kept, set aside), which no engine runs.
  else
    io.stdout(
      words.map((w, i) => (i < engines.length ? `${i + 1}. ${w} [${engines[i]}]\n` : `   ${w}\n`)).join(''),
    );
  return 0;
}
