/**
 * Every `scalpel` command that the README and `scalpel --help` show, run as a reader copies it: the
 * same words through bash, in a folder that holds only the repository's examples/ (as a clone's root
 * does), with `npx scalpel` and `scalpel` standing for the built CLI. Each must exit 0 and do what it
 * says: write a readable image where `-o` points, or answer a question on stdout.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../bench/posters.js';
import { HELP } from '../src/cli/run.js';
import { tempDir } from './helpers.js';

const CLI = path.join(repoRoot, 'dist/src/cli/index.js');

/** `npx scalpel …` lines of the README's sh blocks, and the `scalpel …` lines of --help's examples. */
function shownCommands(): string[] {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  const fromReadme = blocks.flatMap((b) => b.split('\n')).filter((l) => l.startsWith('npx scalpel '));
  const help = HELP.slice(HELP.indexOf('\nExamples'));
  const fromHelp = help
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('scalpel edit '))
    // --help annotates a line after the command: "(a question: …)".
    .map((l) => l.replace(/\s+\(.*\)$/, ''));
  // --help repeats some README commands with another output name: run each edit once.
  const seen = new Set<string>();
  return [...fromReadme, ...fromHelp].filter((c) => {
    const key = c.replace(/^npx /, '').replace(/ -o \S+/, '');
    return !seen.has(key) && Boolean(seen.add(key));
  });
}

const commands = shownCommands();

function bash(command: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const prelude = `scalpel() { node ${JSON.stringify(CLI)} "$@"; }\nnpx() { shift; scalpel "$@"; }\n`;
  return new Promise((resolve) => {
    execFile('bash', ['-c', prelude + command], { cwd, maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await symlink(path.join(repoRoot, 'examples'), path.join(dir, 'examples'));
});
afterAll(() => cleanup());

describe('the commands the README and --help show', () => {
  it('are found: the README shows at least 9 and --help 8', () => {
    const shownInHelp = HELP.split('\n').filter((l) => l.trim().startsWith('scalpel edit ')).length;
    expect(commands.filter((c) => c.startsWith('npx ')).length).toBeGreaterThanOrEqual(9);
    expect(shownInHelp).toBeGreaterThanOrEqual(8);
  });

  it.each(commands)('%s', async (command) => {
    expect(command.startsWith('npx ') || command.startsWith('scalpel ')).toBe(true);
    const r = await bash(command, dir);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const out = /(?:^|\s)-o (\S+)/.exec(command)?.[1];
    const input = /scalpel edit (\S+)/.exec(command)?.[1] ?? '';
    if (command.includes('--json')) {
      const report = JSON.parse(r.stdout);
      expect(report.ok).toBe(true);
      expect(report.warnings.filter((w: string) => /not found|low confidence/i.test(w))).toEqual([]);
      if (!out) expect(typeof report.answer.exists).toBe('boolean');
    }
    if (!out) return;
    const [before, after] = await Promise.all([
      sharp(path.join(dir, input)).metadata(),
      sharp(path.join(dir, out)).metadata(),
    ]);
    expect([after.width, after.height]).toEqual([before.width, before.height]);
    expect(after.format).toBe(
      { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.webp': 'webp' }[path.extname(out)],
    );
  });
});
