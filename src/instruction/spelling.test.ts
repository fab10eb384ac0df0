import { describe, expect, it } from 'vitest';
import { respelled } from './spelling.js';

describe('respelled', () => {
  it.each([
    ['removethe cat pls', 'remove the cat pls'],
    ['backgroud white plz', 'background white plz'],
    ['make the backround white', 'make the background white'],
    ['remove the watermrk', 'remove the watermark'],
    ['make it brigther', 'make it brighter'],
  ])('%s → %s', (typed, read) => {
    expect(respelled(typed)).toBe(read);
  });

  it('leaves known words, quoted texts and short words alone', () => {
    expect(respelled('remove the dog')).toBeUndefined();
    expect(respelled("change 'Calender' to 'Calendar'")).toBeUndefined();
    expect(respelled('remove the dgo')).toBeUndefined();
    expect(respelled('把杯子换成蓝色')).toBeUndefined();
  });
});
