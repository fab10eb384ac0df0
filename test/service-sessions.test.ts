/** Sessions (versions, follow-ups, undo/redo) and batches, through real requests and real edits. */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFollowUp, parseInstruction } from '../src/index.js';
import { decodeRaw } from './helpers.js';
import { b64, errorOf, poster, startTestService, type TestService } from './service.js';

let t: TestService;
let png: Buffer;
beforeAll(async () => {
  t = await startTestService();
  png = await poster();
});
afterAll(() => t.close());

interface SessionJson {
  id: string;
  head: string;
  versions: { id: string; parent: string | null; instruction: string | null; image: { id: string } }[];
}
const session = async (id: string) => (await (await t.req(`/v1/sessions/${id}`)).json()) as SessionJson;
const say = async (id: string, instruction: string) =>
  (await t.post(`/v1/sessions/${id}/edits?wait=120`, { instruction })).json();
const image = async (id: string) =>
  decodeRaw(Buffer.from(await (await t.req(`/v1/images/${id}`)).arrayBuffer()));

describe('sessions', () => {
  it('edits, follows up with 字再大一点 on the original, undoes and redoes', async () => {
    const s0 = (await (await t.post('/v1/sessions', { image: b64(png) })).json()) as SessionJson;
    expect(s0.versions).toHaveLength(1);
    const e1 = (await say(s0.id, "把'¥199'改成'¥169'")) as { status: string };
    expect(e1.status).toBe('done');
    const s1 = await session(s0.id);
    const v1 = s1.versions[1];
    expect([v1.parent, s1.head]).toEqual([s0.head, v1.id]);

    const e2 = (await say(s0.id, '字再大一点')) as {
      status: string;
      plan: { steps: { params: { scale?: number } }[] };
    };
    expect(e2.status).toBe('done');
    expect(e2.plan.steps[0].params.scale).toBe(1.25);
    const s2 = await session(s0.id);
    const v2 = s2.versions[2];
    // The new version is the head's child (undo shows what was on screen before).
    expect([v2.parent, s2.head]).toEqual([v1.id, v2.id]);
    // And it re-rendered the original's text bigger, not the edited copy: the ink box grew.
    const [a, b] = [await image(v1.image.id), await image(v2.image.id)];
    const orig = await decodeRaw(png);
    const changed = (x: typeof a) => {
      let n = 0;
      for (let i = 0; i < x.data.length; i += 4)
        if (x.data[i] !== orig.data[i] || x.data[i + 1] !== orig.data[i + 1]) n++;
      return n;
    };
    expect(changed(b)).toBeGreaterThan(changed(a));

    const undo = (await say(s0.id, '撤销')) as { action: string; session: SessionJson };
    expect([undo.action, undo.session.head]).toEqual(['undo', v1.id]);
    expect((await (await t.post(`/v1/sessions/${s0.id}/undo`, {})).json()).head).toBe(s0.head);
    const none = await errorOf(await t.post(`/v1/sessions/${s0.id}/undo`, {}));
    expect([none.status, none.code]).toEqual([409, 'NOTHING_TO_UNDO']);
    expect(((await say(s0.id, 'redo')) as { session: SessionJson }).session.head).toBe(v1.id);
    expect((await (await t.post(`/v1/sessions/${s0.id}/redo`, {})).json()).head).toBe(v2.id);
    const noRedo = await errorOf(await t.post(`/v1/sessions/${s0.id}/redo`, {}));
    expect([noRedo.status, noRedo.code]).toEqual([409, 'NOTHING_TO_REDO']);
  });

  it('reads follow-ups against the previous plan only when they are pure modifiers', () => {
    const prev = parseInstruction("把'A'改成'B'");
    expect(parseFollowUp('再大一点', prev)).toMatchObject({
      kind: 'amend',
      plan: { steps: [{ params: { scale: 1.25 } }] },
    });
    expect(parseFollowUp('换成红色', prev)).toMatchObject({
      kind: 'amend',
      plan: { steps: [{ params: { color: { name: 'red' } } }] },
    });
    expect(parseFollowUp('撤销', prev)).toEqual({ kind: 'undo' });
    expect(parseFollowUp('Undo', undefined)).toEqual({ kind: 'undo' });
    expect(parseFollowUp("把'C'改成'D'", prev)).toBeUndefined();
    expect(parseFollowUp('再大一点', undefined)).toBeUndefined();
    expect(parseFollowUp('再大一点', parseInstruction('去水印'))).toBeUndefined();
  });
});

describe('batches', () => {
  it('runs one poster × N instructions and reports progress; refuses the whole batch if one is bad', async () => {
    const variants = ["把'¥199'改成'¥99'", "把'¥199'改成'¥129'", "把'¥199'改成'$29'"];
    const res = await t.post('/v1/batches', { image: b64(png), instructions: variants });
    expect(res.status).toBe(202);
    const batch = (await res.json()) as { id: string; total: number; jobs: { id: string }[] };
    expect([batch.total, batch.jobs.length]).toEqual([3, 3]);
    for (const j of batch.jobs) await t.req(`/v1/jobs/${j.id}?wait=120`);
    const done = (await (await t.req(`/v1/batches/${batch.id}`)).json()) as {
      done: number;
      progress: number;
      jobs: { instruction: string }[];
    };
    expect([done.done, done.progress]).toEqual([3, 1]);
    expect(done.jobs.map((j) => j.instruction)).toEqual(variants);

    // All of them in one ZIP, in order, with what each is.
    const archive = await t.req(`/v1/batches/${batch.id}/archive`);
    expect(archive.headers.get('content-type')).toBe('application/zip');
    const files = unzipped(Buffer.from(await archive.arrayBuffer()));
    expect([...files.keys()]).toEqual([
      '01-把-199-改成-99.png',
      '02-把-199-改成-129.png',
      '03-把-199-改成-29.png',
      'batch.json',
    ]);
    const index = JSON.parse(files.get('batch.json')!.toString()) as {
      variants: { instruction: string; status: string }[];
    };
    expect(index.variants.map((v) => [v.instruction, v.status])).toEqual(variants.map((v) => [v, 'done']));
    expect((await sharp(files.get('02-把-199-改成-129.png')!).metadata()).width).toBe(800);

    const before = t.db.prepare('select count(*) n from jobs').get() as { n: number };
    const e = await errorOf(
      await t.post('/v1/batches', { image: b64(png), instructions: ["把'A'改成'B'", '写一首诗'] }),
    );
    expect([e.status, e.code, e.details.index]).toEqual([422, 'UNSUPPORTED_INSTRUCTION', 1]);
    expect(t.db.prepare('select count(*) n from jobs').get()).toEqual(before);
  });
});

/** The stored entries of a ZIP, by name (enough for the archives the service writes). */
function unzipped(z: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let at = 0;
  while (z.readUInt32LE(at) === 0x04034b50) {
    const size = z.readUInt32LE(at + 18);
    const nameLength = z.readUInt16LE(at + 26);
    const extra = z.readUInt16LE(at + 28);
    const name = z.subarray(at + 30, at + 30 + nameLength).toString('utf8');
    const start = at + 30 + nameLength + extra;
    out.set(name, z.subarray(start, start + size));
    at = start + size;
  }
  return out;
}
