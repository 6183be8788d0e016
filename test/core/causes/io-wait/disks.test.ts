import { describe, expect, it } from 'vitest';
import {
  diskState,
  FULL_UTIL,
  PARALLEL_AWAIT_MS,
  SLOW_AWAIT_MS,
} from '../../../../functions/core/causes/io-wait/disks.js';

describe('diskState', () => {
  it('calls a full device saturated from the slow await up, busy just under it', () => {
    // Act
    const under = diskState({ device: 'sdb', utilPercent: 100, awaitMs: SLOW_AWAIT_MS - 0.1 });
    const at = diskState({ device: 'sdb', utilPercent: 100, awaitMs: SLOW_AWAIT_MS });

    // Assess
    expect(under).toBe('busy');
    expect(at).toBe('saturated');
  });

  it('needs the device full: just under the util bar a slow disk is busy, not saturated', () => {
    // Act
    const under = diskState({ device: 'sdb', utilPercent: FULL_UTIL - 0.1, awaitMs: 60 });
    const at = diskState({ device: 'sdb', utilPercent: FULL_UTIL, awaitMs: 60 });

    // Assess
    expect(under).toBe('busy');
    expect(at).toBe('saturated');
  });

  it('calls a full device answering in under a millisecond a parallel one keeping up', () => {
    // Act: sysstat #187's NVMe instance store at 100% util and 0.10 ms, and the bar itself.
    const nvme = diskState({ device: 'nvme1n1', utilPercent: 100, awaitMs: 0.1 });
    const under = diskState({
      device: 'nvme1n1',
      utilPercent: 100,
      awaitMs: PARALLEL_AWAIT_MS - 0.01,
    });
    const at = diskState({ device: 'nvme1n1', utilPercent: 100, awaitMs: PARALLEL_AWAIT_MS });

    // Assess
    expect(nvme).toBe('parallel');
    expect(under).toBe('parallel');
    expect(at).toBe('busy');
  });

  it('calls an idle fast device quiet', () => {
    // Act
    const state = diskState({ device: 'vda', utilPercent: 19.6, awaitMs: 0.05 });

    // Assess
    expect(state).toBe('quiet');
  });
});
