import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ScalpelError } from '../../errors.js';
import { checkTarget, fetchImageUrl, isPublicAddress, type FetchLimits, type LookupFn } from './fetch-url.js';

interface Served {
  port: number;
  hits: { host: string | undefined; url: string | undefined }[];
}
const servers: http.Server[] = [];

async function serve(handler: http.RequestListener, host = '127.0.0.1', port = 0): Promise<Served> {
  const hits: Served['hits'] = [];
  const server = http.createServer((req, res) => {
    hits.push({ host: req.headers.host, url: req.url });
    handler(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { port: (server.address() as AddressInfo).port, hits };
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** A lookup that maps names to fixed addresses and counts its calls. */
function mapLookup(table: Record<string, string[]>): LookupFn & { calls: string[] } {
  const calls: string[] = [];
  const fn = async (name: string) => {
    calls.push(name);
    const list = table[name];
    if (!list) throw new Error(`ENOTFOUND ${name}`);
    return list.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
  };
  return Object.assign(fn, { calls });
}

async function failure(p: Promise<unknown>): Promise<ScalpelError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ScalpelError);
  return err as ScalpelError;
}

const LIMITS: FetchLimits = { maxBytes: 1 << 20, timeoutMs: 3000 };
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe('fetchImageUrl refuses internal and odd URLs', () => {
  it.each([
    ['http://127.0.0.1/', '127.0.0.1'],
    ['http://localhost/', undefined],
    ['http://[::1]/', '::1'],
    ['http://169.254.169.254/latest/meta-data', '169.254.169.254'],
    ['http://10.0.0.1/', '10.0.0.1'],
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f000001/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
  ])('%s', async (url, address) => {
    const err = await failure(fetchImageUrl(url, LIMITS));
    expect(err.code).toBe('URL_NOT_ALLOWED');
    expect(err.stage).toBe('fetch');
    expect(err.details.reason).toBe('private_address');
    if (address) expect(err.details.address).toBe(address);
  });

  it.each([
    ['ftp://example.com/a.png', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['http://user:pw@example.com/', 'userinfo'],
    ['not a url', 'invalid'],
  ])('%s', async (url, reason) => {
    const lookup = mapLookup({});
    const err = await failure(fetchImageUrl(url, { ...LIMITS, lookup, allowPrivate: true }));
    expect(err.code).toBe('URL_NOT_ALLOWED');
    expect(err.details.reason).toBe(reason);
    expect(lookup.calls).toEqual([]);
  });
});

describe('isPublicAddress', () => {
  it.each([
    ['93.184.216.34', true],
    ['8.8.8.8', true],
    ['100.63.255.255', true],
    ['100.128.0.0', true],
    ['172.32.0.1', true],
    ['2606:4700:4700::1111', true],
    ['::ffff:8.8.8.8', true],
    ['2002:5db8:d822::1', true],
    ['0.0.0.0', false],
    ['10.1.2.3', false],
    ['100.64.0.1', false],
    ['127.8.8.8', false],
    ['169.254.169.254', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['192.0.0.8', false],
    ['192.0.2.1', false],
    ['192.168.1.1', false],
    ['198.18.0.1', false],
    ['198.19.255.255', false],
    ['198.51.100.7', false],
    ['203.0.113.9', false],
    ['224.0.0.1', false],
    ['239.255.255.250', false],
    ['240.0.0.1', false],
    ['255.255.255.255', false],
    ['::', false],
    ['::1', false],
    ['[::1]', false],
    ['fc00::1', false],
    ['fd12:3456::1', false],
    ['fe80::1', false],
    ['fe80::1%eth0', false],
    ['ff02::1', false],
    ['2001:db8::1', false],
    ['64:ff9b::808:808', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:7f00:1', false],
    ['::ffff:169.254.169.254', false],
    ['::127.0.0.1', false],
    ['2002:7f00:1::1', false],
    ['2002:a00:1::', false],
    ['localhost', false],
    ['', false],
  ])('%s → %s', (ip, expected) => {
    expect(isPublicAddress(ip)).toBe(expected);
  });
});

describe('checkTarget', () => {
  it('refuses a redirect target on the loopback and a name that resolves to the metadata service', async () => {
    const loop = await failure(checkTarget(new URL('http://127.0.0.1:8080/x.png'), LIMITS));
    expect(loop.details).toMatchObject({ reason: 'private_address', address: '127.0.0.1' });
    const lookup = mapLookup({ metadata: ['169.254.169.254'] });
    const meta = await failure(
      checkTarget(new URL('http://metadata/computeMetadata/v1/'), { ...LIMITS, lookup }),
    );
    expect(meta.code).toBe('URL_NOT_ALLOWED');
    expect(meta.details).toMatchObject({
      url: 'http://metadata/computeMetadata/v1/',
      address: '169.254.169.254',
    });
  });

  it('refuses a name when any of its addresses is private, and accepts an all-public one', async () => {
    const lookup = mapLookup({ 'mixed.test': ['93.184.216.34', '10.0.0.7'], 'ok.test': ['93.184.216.34'] });
    const err = await failure(checkTarget(new URL('https://mixed.test/'), { ...LIMITS, lookup }));
    expect(err.details.address).toBe('10.0.0.7');
    await expect(checkTarget(new URL('https://ok.test/'), { ...LIMITS, lookup })).resolves.toEqual({
      address: '93.184.216.34',
      family: 4,
    });
  });

  it('reports a name that does not resolve as a fetch failure', async () => {
    const err = await failure(
      checkTarget(new URL('http://nowhere.test/'), { ...LIMITS, lookup: mapLookup({}) }),
    );
    expect(err.code).toBe('URL_FETCH_FAILED');
    expect(err.details.reason).toBe('dns');
  });
});

describe('fetchImageUrl against local servers (allowPrivate)', () => {
  const local = (table: Record<string, string[]> = {}) => ({
    ...LIMITS,
    allowPrivate: true,
    lookup: mapLookup({ 'images.test': ['127.0.0.1'], ...table }),
  });

  it('fetches an image, keeping the original host name in the Host header', async () => {
    const s = await serve((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG));
    const out = await fetchImageUrl(`http://images.test:${s.port}/a.png?v=1`, local());
    expect(out.bytes.equals(PNG)).toBe(true);
    expect(out.contentType).toBe('image/png');
    expect(out.finalUrl).toBe(`http://images.test:${s.port}/a.png?v=1`);
    expect(s.hits).toEqual([{ host: `images.test:${s.port}`, url: '/a.png?v=1' }]);
  });

  it('follows up to maxRedirects redirects, validating every hop, and fails beyond', async () => {
    // /r/N redirects to /r/N-1 (alternating absolute and relative Locations); /r/0 is the image.
    const s = await serve((req, res) => {
      const n = Number(req.url?.split('/')[2]);
      if (n === 0) return void res.writeHead(200).end(PNG);
      const next = n % 2 ? `http://images.test:${s.port}/r/${n - 1}` : `/r/${n - 1}`;
      res.writeHead([301, 302, 303, 307, 308][n % 5], { location: next }).end();
    });
    const limits = local();
    const out = await fetchImageUrl(`http://images.test:${s.port}/r/3`, limits);
    expect(out.finalUrl).toBe(`http://images.test:${s.port}/r/0`);
    expect(limits.lookup.calls).toHaveLength(4); // one resolution per hop
    const err = await failure(fetchImageUrl(`http://images.test:${s.port}/r/4`, local()));
    expect(err.code).toBe('URL_FETCH_FAILED');
    expect(err.details.reason).toBe('too_many_redirects');
    const two = await failure(
      fetchImageUrl(`http://images.test:${s.port}/r/3`, { ...local(), maxRedirects: 2 }),
    );
    expect(two.details.reason).toBe('too_many_redirects');
  });

  it('re-checks the scheme and userinfo of a redirect target and rejects a malformed one', async () => {
    const s = await serve((req, res) => {
      const location =
        req.url === '/file'
          ? 'file:///etc/passwd'
          : req.url === '/bad'
            ? 'http://[bad'
            : `http://u:p@images.test:${s.port}/`;
      res.writeHead(302, { location }).end();
    });
    const file = await failure(fetchImageUrl(`http://images.test:${s.port}/file`, local()));
    expect(file.details).toMatchObject({ reason: 'scheme', url: 'file:///etc/passwd' });
    const creds = await failure(fetchImageUrl(`http://images.test:${s.port}/creds`, local()));
    expect(creds.details.reason).toBe('userinfo');
    const bad = await failure(fetchImageUrl(`http://images.test:${s.port}/bad`, local()));
    expect(bad.details).toMatchObject({ reason: 'bad_redirect', location: 'http://[bad' });
  });

  it('refuses a declared Content-Length over maxBytes before reading the body', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': 5000 });
      res.write(Buffer.alloc(10)); // then stall: only the header may decide
    });
    const t0 = Date.now();
    const err = await failure(fetchImageUrl(`http://images.test:${s.port}/`, { ...local(), maxBytes: 4096 }));
    expect(err.code).toBe('IMAGE_TOO_LARGE');
    expect(err.details).toEqual({ max_bytes: 4096 });
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('aborts a body streamed without Content-Length once it passes maxBytes', async () => {
    let sent = 0;
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      const timer = setInterval(() => {
        sent += 1024;
        if (!res.write(Buffer.alloc(1024)) && sent > 1 << 22) clearInterval(timer);
      }, 1);
      res.on('close', () => clearInterval(timer));
    });
    const err = await failure(fetchImageUrl(`http://images.test:${s.port}/`, { ...local(), maxBytes: 8192 }));
    expect(err.code).toBe('IMAGE_TOO_LARGE');
    expect(sent).toBeLessThan(1 << 20);
  });

  it('gives up on a server that never answers at the overall deadline', async () => {
    const s = await serve(() => {}); // accepts, never responds
    const t0 = Date.now();
    const err = await failure(fetchImageUrl(`http://images.test:${s.port}/`, { ...local(), timeoutMs: 300 }));
    expect(err.code).toBe('URL_FETCH_FAILED');
    expect(err.details.reason).toBe('timeout');
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('counts the deadline across a slow body too', async () => {
    const s = await serve((_req, res) => res.writeHead(200).write('partial'));
    const err = await failure(fetchImageUrl(`http://images.test:${s.port}/`, { ...local(), timeoutMs: 300 }));
    expect(err.details.reason).toBe('timeout');
  });

  it('reports a non-2xx answer with its status', async () => {
    const s = await serve((_req, res) => res.writeHead(404).end('missing'));
    const err = await failure(fetchImageUrl(`http://images.test:${s.port}/nope.png`, local()));
    expect(err.code).toBe('URL_FETCH_FAILED');
    expect(err.details).toMatchObject({ reason: 'status', status: 404 });
  });

  it('reports a refused connection with its cause', async () => {
    const s = await serve(() => {});
    const port = s.port;
    const server = servers.pop() as http.Server;
    await new Promise((resolve) => server.close(resolve));
    const err = await failure(fetchImageUrl(`http://images.test:${port}/`, local()));
    expect(err.code).toBe('URL_FETCH_FAILED');
    expect(err.details.reason).toBe('connection');
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('connects to the address it validated, not to what a second lookup would return (rebinding)', async () => {
    const good = await serve((_req, res) => res.writeHead(200).end(PNG));
    // Same port on another loopback address: where a re-resolving client would end up.
    const evil = await serve((_req, res) => res.writeHead(200).end('secret'), '127.0.0.2', good.port);
    let calls = 0;
    const lookup: LookupFn = async () => [{ address: calls++ === 0 ? '127.0.0.1' : '127.0.0.2', family: 4 }];
    const out = await fetchImageUrl(`http://rebind.test:${good.port}/`, {
      ...LIMITS,
      allowPrivate: true,
      lookup,
    });
    expect(out.bytes.equals(PNG)).toBe(true);
    expect(calls).toBe(1);
    expect(good.hits).toHaveLength(1);
    expect(evil.hits).toHaveLength(0);
  });
});
