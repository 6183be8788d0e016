import { describe, expect, it } from 'vitest';
import {
  count,
  duration,
  percent,
  perSecond,
  size,
} from '../../../../functions/core/causes/shared/words.js';

describe('words', () => {
  it('formats numbers the way the cards quote them', () => {
    expect(count(1266953)).toBe('1,266,953');
    expect([percent(37.14), percent(3.5), percent(0)]).toEqual(['37%', '3.5%', '0%']);
    expect([perSecond(127345.2), perSecond(212.5), perSecond(0.24)]).toEqual([
      '127k/s',
      '213/s',
      '0.2/s',
    ]);
    expect([size(1_468_006), size(831_488), size(96)]).toEqual(['1.4 GiB', '812 MiB', '96 KiB']);
    expect([duration(45), duration(720), duration(12_600), duration(1_036_800)]).toEqual([
      '45 s',
      '12 min',
      '3.5 h',
      '12 days',
    ]);
  });
});
