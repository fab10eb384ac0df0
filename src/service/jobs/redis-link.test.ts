import { describe, expect, it } from 'vitest';
import { ScalpelError } from '../../index.js';
import { missing } from '../storage/blobs.js';
import { decodeFailure, encodeError, lostBlob, STALLED } from './redis-link.js';

describe('failures between the service and its workers', () => {
  it('keep their code and details through BullMQ, and anything else is INTERNAL', () => {
    const e = new ScalpelError('NEEDS_GENERATIVE_ENGINE', 'needs one', {
      stage: 'parse',
      details: { op: 'x' },
    });
    const back = decodeFailure(encodeError(e).message);
    expect([back.code, back.message, back.details]).toEqual([e.code, e.message, { op: 'x' }]);
    expect(decodeFailure(STALLED).code).toBe('JOB_INTERRUPTED');
    expect(decodeFailure('TypeError: boom').code).toBe('INTERNAL');
  });

  it('make a blob gone from the shared storage an interruption, retried, and nothing else', () => {
    const gone = lostBlob(missing('a'.repeat(64), 's3://bucket/'));
    expect(gone?.code).toBe('JOB_INTERRUPTED');
    // As the worker sends it and the service reads it back: still an interruption.
    expect(decodeFailure(encodeError(gone).message).code).toBe('JOB_INTERRUPTED');
    expect(lostBlob(new ScalpelError('QUEUE_UNAVAILABLE', 'down', { stage: 'storage' }))).toBeUndefined();
    expect(lostBlob(new Error('x'))).toBeUndefined();
  });
});
