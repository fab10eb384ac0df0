/**
 * GET /v1/jobs/{id}/events read by hand from the fetch body: history first, then live events, until
 * a final one. A cut stream is resumed with Last-Event-ID, so no event is missed or seen twice.
 */
import { FINAL, LostJob, now, sleep, type Counters, type JobView } from './api.js';

interface SseEvent {
  id: number;
  type: string;
  data: string;
}

/** Splits an SSE byte stream into events (fields `id`, `event`, `data`; a blank line ends one). */
async function* events(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let ev: SseEvent = { id: 0, type: 'message', data: '' };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      if (line === '') {
        if (ev.data !== '' || ev.type !== 'message') yield ev;
        ev = { id: ev.id, type: 'message', data: '' };
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') ev.id = Number(value);
      else if (field === 'event') ev.type = value;
      else if (field === 'data') ev.data += (ev.data ? '\n' : '') + value;
    }
  }
}

export async function followSse(
  base: string,
  jobId: string,
  counters: Counters,
  onPreview: () => void,
): Promise<JobView> {
  const t0 = now();
  let last = 0;
  for (;;) {
    try {
      const res = await fetch(`${base}/v1/jobs/${jobId}/events`, {
        headers: last ? { 'Last-Event-ID': String(last) } : {},
      });
      if (res.status === 429) {
        counters.throttled++;
        await sleep(Number(res.headers.get('retry-after') ?? 1) * 1000);
        continue;
      }
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => ({}))) as { error?: { code: string } };
        throw new LostJob(jobId, res.status, body.error?.code);
      }
      for await (const ev of events(res.body)) {
        last = ev.id || last;
        if (ev.type === 'preview') onPreview();
        if (FINAL.includes(ev.type)) return JSON.parse(ev.data) as JobView;
      }
      // The stream ended without a final event: the server went away mid-stream.
      counters.connErrors++;
    } catch (err) {
      if (err instanceof LostJob || now() - t0 > 240_000) throw err;
      counters.connErrors++;
    }
    await sleep(100);
  }
}
