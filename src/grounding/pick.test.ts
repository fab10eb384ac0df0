import { describe, expect, it } from 'vitest';
import { anchorPoint, choose, overlapShare, regionBox } from './pick.js';

const frame = { width: 900, height: 600 };
const people = [
  { name: 'left-small', box: { x: 10, y: 300, width: 60, height: 120 }, confidence: 0.9 },
  { name: 'middle-big', box: { x: 400, y: 100, width: 200, height: 400 }, confidence: 0.55 },
  { name: 'right-doubtful', box: { x: 780, y: 80, width: 100, height: 200 }, confidence: 0.31 },
];

describe('choose', () => {
  it('names the only match as such', () => {
    const r = choose([people[0]], undefined, frame, 'person');
    expect(r.chosen.name).toBe('left-small');
    expect(r.reason).toBe('the only person found');
  });

  it('takes the most prominent (area × confidence) when nothing is stated, and says so', () => {
    const r = choose(people, undefined, frame, 'person');
    expect(r.chosen.name).toBe('middle-big');
    expect(r.reason).toContain('of 3 persons found');
  });

  it('picks by stated position: left and right compare x only, corners by distance', () => {
    expect(choose(people, { by: 'position', anchor: 'left' }, frame, 'person').chosen.name).toBe(
      'left-small',
    );
    expect(choose(people, { by: 'position', anchor: 'right' }, frame, 'person').chosen.name).toBe(
      'right-doubtful',
    );
    expect(choose(people, { by: 'position', anchor: 'top-right' }, frame, 'person').chosen.name).toBe(
      'right-doubtful',
    );
    expect(choose(people, { by: 'position', anchor: 'bottom-left' }, frame, 'person').chosen.name).toBe(
      'left-small',
    );
  });

  it('picks by size', () => {
    expect(choose(people, { by: 'size', order: 'largest' }, frame, 'person').chosen.name).toBe('middle-big');
    expect(choose(people, { by: 'size', order: 'smallest' }, frame, 'person').chosen.name).toBe('left-small');
  });
});

describe('regions', () => {
  it('corners are a third of each side; edges span their whole side', () => {
    expect(regionBox('bottom-right', 900, 600)).toEqual({ x: 600, y: 400, width: 300, height: 200 });
    expect(regionBox('top-left', 900, 600)).toEqual({ x: 0, y: 0, width: 300, height: 200 });
    expect(regionBox('center', 900, 600)).toEqual({ x: 300, y: 200, width: 300, height: 200 });
    expect(regionBox('left', 900, 600)).toEqual({ x: 0, y: 0, width: 300, height: 600 });
    expect(regionBox('bottom', 900, 600)).toEqual({ x: 0, y: 400, width: 900, height: 200 });
  });

  it('anchor points sit on the frame', () => {
    expect(anchorPoint('bottom-right', 900, 600)).toEqual([900, 600]);
    expect(anchorPoint('top', 900, 600)).toEqual([450, 0]);
  });

  it('overlapShare is the share of the box inside the region', () => {
    const region = { x: 0, y: 0, width: 100, height: 100 };
    expect(overlapShare({ x: 50, y: 50, width: 100, height: 100 }, region)).toBeCloseTo(0.25);
    expect(overlapShare({ x: 200, y: 0, width: 10, height: 10 }, region)).toBe(0);
  });
});
