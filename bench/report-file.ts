/**
 * Where a benchmark writes its report. A run writes to bench/out/ (ignored by git), so running the
 * benchmark never dirties the working tree; `--write` puts the report in bench/, to be committed on
 * purpose.
 */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './posters.js';

/** True when the command line asks for the committed copy (`npm run bench -- --write`). */
export const writeCommitted = (argv: readonly string[] = process.argv): boolean => argv.includes('--write');

/** Formats `md` with the repo's prettier config and writes it as `name` (e.g. RESULTS.md). */
export async function writeReport(name: string, md: string): Promise<string> {
  const dir = path.join(repoRoot, writeCommitted() ? 'bench' : 'bench/out');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  const formatted = await prettify(md, file);
  fs.writeFileSync(file, formatted);
  process.stderr.write(`report: ${path.relative(repoRoot, file)}\n`);
  return formatted;
}

/** Formats with the repo's prettier config so `npm run lint` passes on a committed report. */
async function prettify(md: string, file: string): Promise<string> {
  try {
    const prettier = await import('prettier');
    const config = (await prettier.resolveConfig(file)) ?? {};
    return await prettier.format(md, { ...config, filepath: file });
  } catch {
    return md; // prettier is a dev dependency: without it, the unformatted report is still correct
  }
}
