import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { COMPRESSED_HEADER, COMPRESSED_TRAILER } from '../../functions/core/capture/decode.js';
import { readCapture } from '../../functions/core/capture/read.js';
import { classify } from '../../functions/core/classify.js';
import { diagnose } from '../../functions/core/diagnose.js';
import { loadBlockFixture, loadFixture } from '../helpers/fixtures.js';

const NOW = '2026-11-22T21:30:00.000Z';
const IDLE = loadFixture('captures/local/debian12-idle.txt');
const IDLE_BLOCKS = readCapture(IDLE).blocks.length;
/** The block the capture-done function appends for a t3.micro (aws-context.ts prints the same). */
const DESCRIBE = (() => {
  const { command, text } = loadBlockFixture(
    'captures/aws-ec2-describe-instances/constructed-seed-002-t3-micro.txt',
  );
  return `==> ${command} <==\n${text}\n`;
})();

/** What the capture script prints for a large capture: `gzip | base64` between the markers. */
const framed = (text: string): string =>
  `${COMPRESSED_HEADER}\n${gzipSync(Buffer.from(text, 'utf8')).toString('base64')}\n${COMPRESSED_TRAILER}\n`;

describe('diagnose', () => {
  it('reads and classifies a plain capture as classify(readCapture(…)) does', () => {
    // Act
    const diagnosed = diagnose(IDLE, { now: NOW });

    // Assess
    expect(diagnosed).toMatchObject({
      ok: true,
      document: IDLE,
      compressed: false,
      hostBlocks: IDLE_BLOCKS,
    });
    if (!diagnosed.ok) return;
    expect(diagnosed.capture).toEqual(readCapture(IDLE));
    expect(diagnosed.triage).toEqual(classify(readCapture(IDLE), { now: NOW }));
  });

  it('decodes a gzip+base64 framed output to the same document and triage', () => {
    // Act
    const plain = diagnose(IDLE, { now: NOW });
    const compressed = diagnose(framed(IDLE), { now: NOW });

    // Assess
    expect(compressed).toEqual({ ...plain, compressed: true });
  });

  it('gives the decoder’s reason, and no triage, for a cut-off framed output', () => {
    // Prepare
    const cut = framed(IDLE).split('\n').slice(0, 2).join('\n').slice(0, 400);

    // Act
    const diagnosed = diagnose(cut, { now: NOW });

    // Assess
    expect(diagnosed).toEqual({ ok: false, error: expect.stringMatching(/cut off/) });
  });

  it('reads the context blocks after the host’s, on a line of their own, and counts only the host’s', () => {
    // Prepare: the host's text ends without a newline, and then with several.
    const bare = IDLE.replace(/\n+$/, '');

    // Act
    const joined = diagnose(bare, { now: NOW, context: DESCRIBE });
    const trimmed = diagnose(`${bare}\n\n\n`, { now: NOW, context: DESCRIBE });

    // Assess
    expect(joined).toMatchObject({ ok: true, document: `${bare}\n${DESCRIBE}` });
    expect(trimmed).toEqual(joined);
    if (!joined.ok) return;
    expect(joined.capture.blocks).toHaveLength(IDLE_BLOCKS + 1);
    expect(joined.capture.blocks.at(-1)?.tool).toBe('aws-ec2-describe-instances');
    expect(joined.hostBlocks).toBe(IDLE_BLOCKS);
  });

  it('lets the context decide the instance type the triage judges', () => {
    // Act
    const without = diagnose(IDLE, { now: NOW });
    const withContext = diagnose(IDLE, { now: NOW, context: DESCRIBE });

    // Assess
    expect(without.ok && without.triage.facts.instance?.type).toBeFalsy();
    expect(withContext.ok && withContext.triage.facts.instance?.type).toBe('t3.micro');
  });

  it('counts no host block when the script died after its preamble, whatever the context adds', () => {
    // Act
    const diagnosed = diagnose('# alert-triage capture v1\n# host: vm\n', {
      now: NOW,
      context: DESCRIBE,
    });

    // Assess
    expect(diagnosed).toMatchObject({ ok: true, hostBlocks: 0 });
    expect(diagnosed.ok && diagnosed.capture.blocks.length).toBe(1);
  });

  it('passes what a person states about the host on to the facts', () => {
    // Act
    const diagnosed = diagnose(IDLE, {
      now: NOW,
      instanceType: 't3.micro',
      creditMode: 'standard',
    });

    // Assess
    expect(diagnosed.ok && diagnosed.triage.facts.instance).toMatchObject({
      type: 't3.micro',
      creditMode: { value: 'standard' },
    });
  });
});
