import { describe, expect, it } from 'vitest';
import type { Block } from '../../../functions/render/slack/blocks.js';
import {
  checkBlockKitLimits,
  joinWithin,
  keepWithin,
  truncate,
} from '../../../functions/render/slack/limits.js';

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('checkBlockKitLimits', () => {
  it('finds nothing wrong with a small message', () => {
    expect(checkBlockKitLimits({ text: 'hi', blocks: [section('hello')] })).toEqual([]);
  });

  it('names each limit a message breaks', () => {
    // Prepare
    const blocks: Block[] = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
      section('s'.repeat(3001)),
      {
        type: 'context',
        elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn' as const, text: 'c' })),
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: 'a'.repeat(256),
            text: { type: 'plain_text', text: 'Go' },
            value: 'v'.repeat(2001),
          },
        ],
      },
      ...Array.from({ length: 47 }, () => section('x')),
    ];

    // Act
    const violations = checkBlockKitLimits({ text: '', blocks });

    // Assess
    expect(violations).toEqual([
      'text: empty (the notification fallback)',
      '51 blocks, over 50',
      'blocks[0] (header) text: 151 characters, over 150',
      'blocks[1] (section) text: 3001 characters, over 3000',
      'blocks[2] (context): 11 elements, over 10',
      `blocks[3] (actions) elements[0] action_id: 256 characters, over 255`,
      'blocks[3] (actions) elements[0] value: 2001 characters, over 2000',
    ]);
  });
});

describe('joinWithin', () => {
  it('cuts at a line boundary and says how many lines are left', () => {
    // Prepare
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i}`);

    // Act
    const text = joinWithin(lines, 60);

    // Assess
    expect(text.length).toBeLessThanOrEqual(60);
    expect(text.split('\n').slice(0, -1)).toEqual(lines.slice(0, text.split('\n').length - 1));
    expect(text).toMatch(/\n… \d+ more$/);
    const kept = text.split('\n').length - 1;
    expect(text.endsWith(`… ${100 - kept} more`)).toBe(true);
  });

  it('keeps everything that fits, and cuts a single overlong line itself', () => {
    expect(joinWithin(['a', 'b'], 10)).toBe('a\nb');
    const cut = joinWithin(['z'.repeat(100), 'b'], 30);
    expect(cut.length).toBeLessThanOrEqual(30);
    expect(cut).toMatch(/^z+…\n… 2 more$/);
  });
});

describe('truncate and keepWithin', () => {
  it('cut with an ellipsis, and replace what is over with a count', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 4)).toBe('abc');
    expect(keepWithin([1, 2, 3, 4], 3, (n) => -n)).toEqual([1, 2, -2]);
    expect(keepWithin([1, 2], 3, (n) => -n)).toEqual([1, 2]);
  });
});
