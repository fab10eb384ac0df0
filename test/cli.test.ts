/**
 * The built `scalpel` CLI, spawned as users and scripts run it: exit codes, the one-line --json
 * contract, output files (and none on failure). Model-loading spawns are few: each loads OCR.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../bench/posters.js';
import { priceTag } from './fixtures/posters.js';
import { tempDir } from './helpers.js';

const CLI = path.join(repoRoot, 'dist/src/cli/index.js');
const TIMEOUT = 60_000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Parses the --json line, checking stdout holds exactly one JSON object. */
function jsonLine(r: Run) {
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  expect(lines, r.stdout + r.stderr).toHaveLength(1);
  expect(r.stdout.endsWith('\n')).toBe(true);
  return JSON.parse(lines[0]);
}

/** An error run: exit code, the one error line, and which code/stage it names. */
function expectError(r: Run, code: string, exit = 2) {
  expect(r.code, r.stdout + r.stderr).toBe(exit);
  const out = jsonLine(r);
  expect(out.ok).toBe(false);
  expect(out.error.code).toBe(code);
  expect(typeof out.error.message).toBe('string');
  expect(typeof out.error.stage).toBe('string');
  expect(typeof out.error.details).toBe('object');
  return out.error as { code: string; message: string; stage: string; details: Record<string, unknown> };
}

let dir: string;
let cleanup: () => Promise<void>;
let poster: string;
const at = (name: string) => path.join(dir, name);

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  poster = at('poster.png');
  await writeFile(poster, (await priceTag.render('old')).png);
});
afterAll(() => cleanup());

describe('cli: successful edits', () => {
  it(
    '--json: exit 0, one JSON report on stdout, the output file has the input size and format',
    async () => {
      const out = at('out.png');
      const r = await cli(['edit', poster, priceTag.case.instruction, '-o', out, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const report = jsonLine(r);
      expect(report.ok).toBe(true);
      expect(report.plan.steps).toEqual([
        { op: 'replace-text', target: { text: '¥199' }, params: { text: '¥169' } },
      ]);
      const step = report.steps[0];
      expect(step.op).toBe('replace-text');
      expect(step.target).toEqual({ text: '¥199' });
      for (const k of ['x', 'y', 'width', 'height']) expect(typeof step.region[k]).toBe('number');
      expect(step.region.width).toBeGreaterThan(0);
      expect(step.engine).toBe('local');
      expect(step.quality.outside_changed_pixels).toBe(0);
      expect(step.quality.readback_ok).toBe(true);
      expect(Array.isArray(step.warnings)).toBe(true);
      expect(report.output).toBe(out);
      expect(typeof report.timings.total_ms).toBe('number');
      expect(typeof report.timings.load_ms).toBe('number');
      const meta = await sharp(out).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', 800, 800]);
    },
    TIMEOUT,
  );

  it(
    'without --json: nothing on stdout, a human summary on stderr',
    async () => {
      const out = at('human.png');
      const r = await cli(['edit', poster, priceTag.case.instruction, '-o', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain("replace-text '¥199'");
      expect(r.stderr).toContain('read-back ok');
      expect(r.stderr).toContain('0 pixels changed outside');
      expect(r.stderr).toContain(`wrote ${out}`);
      expect(existsSync(out)).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'the output extension picks the format: .jpg writes JPEG and the report warns',
    async () => {
      const out = at('out.jpg');
      const r = await cli(['edit', poster, priceTag.case.instruction, '-o', out, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const report = jsonLine(r);
      expect(report.image.format).toBe('jpeg');
      expect(report.warnings.some((w: string) => w.includes('JPEG'))).toBe(true);
      const meta = await sharp(out).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 800, 800]);
    },
    TIMEOUT,
  );
});

describe('cli: errors', () => {
  it(
    'TARGET_NOT_FOUND: exit 2, lists the texts on the poster, writes nothing',
    async () => {
      const out = at('nf.png');
      const r = await cli(['edit', poster, "把'¥299'改成'¥169'", '-o', out, '--json']);
      const e = expectError(r, 'TARGET_NOT_FOUND');
      expect(e.stage).toBe('ground');
      const found = (e.details.found as string[]).map((t) => t.replace(/\s+/g, ''));
      expect(found).toContain('¥199');
      expect(found).toContain('限时抢购');
      expect(existsSync(out)).toBe(false);
    },
    TIMEOUT,
  );

  it(
    '--max-length 300 accepts a 250-character instruction (which then fails on grounding)',
    async () => {
      const long = `把'${'新'.repeat(120)}'改成'${'旧'.repeat(123)}'`;
      expect([...long]).toHaveLength(250);
      const tooLong = expectError(await cli(['edit', poster, long, '--json']), 'INSTRUCTION_TOO_LONG');
      expect(tooLong.stage).toBe('parse');
      const out = at('long.png');
      const r = await cli(['edit', poster, long, '--max-length', '300', '-o', out, '--json']);
      expectError(r, 'TARGET_NOT_FOUND');
      expect(existsSync(out)).toBe(false);
    },
    TIMEOUT,
  );

  it(
    'OUTPUT_WRITE_FAILED: exit 1 for a missing directory or a directory as output, no stray temp files',
    async () => {
      const missing = at('no-such-dir/out.png');
      const e = expectError(
        await cli(['edit', poster, priceTag.case.instruction, '-o', missing, '--json']),
        'OUTPUT_WRITE_FAILED',
        1,
      );
      expect(e.stage).toBe('write');
      expect(existsSync(path.dirname(missing))).toBe(false);
      // The temp file is created beside the target, then the rename onto a directory fails.
      const sub = at('sub');
      await mkdir(path.join(sub, 'taken.png'), { recursive: true });
      expectError(
        await cli(['edit', poster, priceTag.case.instruction, '-o', path.join(sub, 'taken.png'), '--json']),
        'OUTPUT_WRITE_FAILED',
        1,
      );
      expect(await readdir(sub)).toEqual(['taken.png']);
      expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    },
    TIMEOUT,
  );

  // The cases below fail before any model loads.
  it('UNSUPPORTED_INSTRUCTION, INSTRUCTION_TOO_LONG, EMPTY_INSTRUCTION', async () => {
    const out = at('never.png');
    const [unsup, long, empty] = await Promise.all([
      cli(['edit', poster, 'make it sing', '-o', out, '--json']),
      cli(['edit', poster, `把'A'改成'${'B'.repeat(220)}'`, '-o', out, '--json']),
      cli(['edit', poster, '   ', '-o', out, '--json']),
    ]);
    const u = expectError(unsup, 'UNSUPPORTED_INSTRUCTION');
    expect((u.details.supported as string[]).length).toBeGreaterThan(0);
    expectError(long, 'INSTRUCTION_TOO_LONG');
    expectError(empty, 'EMPTY_INSTRUCTION');
    expect(existsSync(out)).toBe(false);
  });

  it('INVALID_IMAGE: a text file named .png, a truncated PNG, a missing file', async () => {
    const text = at('text.png');
    await writeFile(text, 'this is not an image\n');
    const png = readFileSync(poster);
    const cut = at('truncated.png');
    await writeFile(cut, png.subarray(0, Math.floor(png.length / 2)));
    const out = at('never.png');
    const runs = await Promise.all(
      [text, cut, at('missing.png')].map((f) =>
        cli(['edit', f, priceTag.case.instruction, '-o', out, '--json']),
      ),
    );
    for (const r of runs) expect(expectError(r, 'INVALID_IMAGE').stage).toBe('load');
    expect(expectError(runs[2], 'INVALID_IMAGE').details.file).toBe(at('missing.png'));
    expect(existsSync(out)).toBe(false);
  });

  it('INVALID_MASK: a mask of the wrong size', async () => {
    const mask = at('small-mask.png');
    await sharp({ create: { width: 100, height: 50, channels: 3, background: '#ffffff' } })
      .png()
      .toFile(mask);
    const out = at('never.png');
    const r = await cli(['edit', poster, priceTag.case.instruction, '--mask', mask, '-o', out, '--json']);
    const e = expectError(r, 'INVALID_MASK');
    expect(e.details).toEqual({ mask: { width: 100, height: 50 }, image: { width: 800, height: 800 } });
    expect(existsSync(out)).toBe(false);
  });

  it('unknown option and unknown command: INVALID_ARGUMENT listing the valid ones', async () => {
    const [opt, cmd, plain] = await Promise.all([
      cli(['edit', poster, priceTag.case.instruction, '--frobnicate', '--json']),
      cli(['frobnicate', poster, '--json']),
      cli(['edit', poster, priceTag.case.instruction, '--frobnicate']),
    ]);
    const o = expectError(opt, 'INVALID_ARGUMENT');
    for (const flag of ['--output', '--mask', '--json', '--max-length']) expect(o.message).toContain(flag);
    const c = expectError(cmd, 'INVALID_ARGUMENT');
    expect(c.details.valid).toEqual([
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
    ]);
    expect(c.message).toContain('edit');
    // Without --json the error goes to stderr as one line with its code.
    expect(plain.code).toBe(2);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toMatch(/^scalpel: .*--frobnicate.*\[INVALID_ARGUMENT\]\n$/);
  });

  it('--help exits 0 with usage; --version prints the package version', async () => {
    const [help, version] = await Promise.all([cli(['--help']), cli(['--version'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage:');
    expect(help.stdout).toContain('scalpel edit <image>');
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(version.code).toBe(0);
    expect(version.stdout).toBe(`${pkg.version}\n`);
  });
});

describe('scalpel plan', () => {
  it('prints the plan as JSON, reading no file: --mask and --asset only say one is given', async () => {
    const r = await cli([
      'plan',
      '去掉这个，再在右下角加上LOGO',
      '--mask',
      'no-such.png',
      '--asset',
      'nor-this.png',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = jsonLine(r);
    expect(out.ok).toBe(true);
    expect(out.plan.steps.map((s: { op: string }) => s.op)).toEqual(['remove', 'add']);
    expect(out.plan.steps[0].target).toMatchObject({ kind: 'mask' });
    expect(out.summary).toEqual([
      'remove the masked area and fill in what was behind it',
      'add the given image (logo) at the bottom right (margin 5%)',
    ]);
  });

  it('gives the error edit would give, with the same codes and exit status', async () => {
    const [noMask, generative, plain] = await Promise.all([
      cli(['plan', '去掉这个', '--json']),
      cli(['plan', '布料变皮革', '--json']),
      cli(['plan', '右下角加上LOGO']),
    ]);
    expect(expectError(noMask, 'INVALID_ARGUMENT').details).toMatchObject({ needs: 'mask' });
    expectError(generative, 'NEEDS_GENERATIVE_ENGINE');
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/needs an image: pass it with --asset <file>.*\[INVALID_ARGUMENT\]\n$/);
    // The same refusal from edit, before the image is even read.
    const viaEdit = await cli(['edit', poster, '右下角加上LOGO', '--json']);
    expect(expectError(viaEdit, 'INVALID_ARGUMENT').message).toBe(
      expectError(await cli(['plan', '右下角加上LOGO', '--json']), 'INVALID_ARGUMENT').message,
    );
  });

  it('prints numbered steps in words without --json, and refuses options that write images', async () => {
    const r = await cli(['plan', "把'¥199'改成'¥169'，字体颜色变红"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      "1. replace the text '¥199' with '¥169', in red, in the same style otherwise [local]\n",
    );
    expectError(await cli(['plan', '去掉路人', '-o', 'x.png', '--json']), 'INVALID_ARGUMENT');
  });
});
