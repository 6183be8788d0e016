import { describe, expect, it } from 'vitest';
import { remediesView } from '../../../functions/adapters/slack/card-views.js';
import { readCapture } from '../../../functions/core/capture/read.js';
import { classify } from '../../../functions/core/classify.js';
import type { TriageDoneNotice } from '../../../functions/triage/ports.js';
import { seed000Sick } from '../../helpers/remedy-captures.js';
import { cpuAlarm } from '../../triage/fakes.js';

const triage = classify(readCapture(seed000Sick()));
const notice = (instanceId: string, fleet?: string[]): TriageDoneNotice => ({
  triageId: 'tr-0123456789abcdef',
  alarm: cpuAlarm(),
  instanceId,
  triage,
  ...(fleet ? { fleet: fleet.map((id) => ({ instanceId: id, capturing: true as const })) } : {}),
});

describe('remediesView', () => {
  it('offers a one-instance triage’s fixes as instance 0', () => {
    // Act / Assess
    expect(remediesView(notice('i-a'))).toEqual({
      instanceOrdinal: 0,
      offers: [expect.objectContaining({ kind: 'environment-setting' })],
    });
  });

  it('numbers a fleet’s instance by its first capture, reruns not counted again', () => {
    // Act / Assess
    expect(remediesView(notice('i-c', ['i-a', 'i-b', 'i-a', 'i-c']))?.instanceOrdinal).toBe(2);
    expect(remediesView(notice('i-z', ['i-a', 'i-b']))).toBeUndefined();
  });
});
