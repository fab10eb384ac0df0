/**
 * An S3-compatible store on loopback, for the storage tests: path-style PUT, GET, HEAD and DELETE of objects
 * kept in memory, each request's SigV4 signature recomputed from what arrived (over the headers it
 * says it signed), as S3 does; a wrong one is 403 and counted.
 */
import { sha256Hex, signV4 } from '../../src/service/publish/sigv4.js';
import { serve, type FakeServer } from './http.js';

export interface FakeS3 extends FakeServer {
  objects: Map<string, Buffer>;
  /** Requests whose signature did not match. */
  refused: number;
}

export const S3_CREDENTIALS = {
  id: 'AKIDSCALPELSTORE',
  secret: 'store-secret-for-tests',
  region: 'cn-test-1',
};

export async function fakeS3(): Promise<FakeS3> {
  const objects = new Map<string, Buffer>();
  const state = { refused: 0 };
  const server = await serve((req, res) => {
    const url = new URL(req.path, `http://${req.headers.host}`);
    const auth = String(req.headers.authorization ?? '');
    const signed = (/SignedHeaders=([^,]+)/.exec(auth)?.[1] ?? '').split(';');
    const own = ['host', 'x-amz-date', 'x-amz-content-sha256'];
    const headers = Object.fromEntries(
      signed.filter((h) => !own.includes(h)).map((h) => [h, String(req.headers[h] ?? '')]),
    );
    const payloadHash = req.method === 'PUT' ? sha256Hex(req.body) : sha256Hex('');
    const again = signV4({
      method: req.method,
      url,
      headers,
      payloadHash,
      accessKeyId: S3_CREDENTIALS.id,
      secretAccessKey: S3_CREDENTIALS.secret,
      region: S3_CREDENTIALS.region,
      amzDate: String(req.headers['x-amz-date']),
    });
    if (again.Authorization !== auth || req.headers['x-amz-content-sha256'] !== payloadHash) {
      state.refused++;
      return void res.writeHead(403).end('SignatureDoesNotMatch');
    }
    const key = decodeURIComponent(url.pathname);
    if (req.method === 'PUT') {
      objects.set(key, req.body);
      return void res.writeHead(200).end();
    }
    if (req.method === 'DELETE') {
      objects.delete(key);
      return void res.writeHead(204).end();
    }
    const obj = objects.get(key);
    if (!obj) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-length': String(obj.length) }).end(req.method === 'HEAD' ? undefined : obj);
  });
  // A getter on the server itself (Object.assign would copy today's count once).
  return Object.defineProperties(server, {
    objects: { value: objects },
    refused: { get: () => state.refused },
  }) as FakeS3;
}

/** The environment a worker (or the service) needs to use the fake as its storage. */
export const s3Env = (s3: FakeS3) => ({
  SCALPEL_S3_ENDPOINT: s3.url,
  SCALPEL_S3_REGION: S3_CREDENTIALS.region,
  AWS_ACCESS_KEY_ID: S3_CREDENTIALS.id,
  AWS_SECRET_ACCESS_KEY: S3_CREDENTIALS.secret,
});
