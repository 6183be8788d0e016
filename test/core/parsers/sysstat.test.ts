import { describe, expect, it } from 'vitest';
import { readSysstatBanner, readTimeLabel } from '../../../functions/core/parsers/sysstat.js';
import { tokenSpans } from '../../../functions/core/parsers/text.js';

describe('sysstat helpers', () => {
  it('reads the banner of every sysstat version', () => {
    expect(readSysstatBanner('Linux 6.18.44-fc-v769 (vm) \t11/22/26 \t_x86_64_\t(2 CPU)')).toEqual({
      kernel: '6.18.44-fc-v769',
      host: 'vm',
      date: '11/22/26',
      arch: 'x86_64',
      cpuCount: 2,
    });
    expect(
      readSysstatBanner(
        'Linux 3.10.0-957.5.1.el7.x86_64 (icehe)         2019年05月04日  _x86_64_        (1 CPU)',
      ),
    ).toMatchObject({
      date: '2019年05月04日',
      cpuCount: 1,
    });
    expect(
      readSysstatBanner('Linux 2.6.26-2-xen-amd64 (atira)  02/17/2012  _x86_64_'),
    ).toMatchObject({
      date: '02/17/2012',
      cpuCount: null,
    });
    expect(readSysstatBanner('Linux rocks')).toBeNull();
  });

  it('tells report times from the Average label, in any language', () => {
    expect(readTimeLabel(['07:41:03', 'PM'])).toEqual({ time: '07:41:03 PM', average: false });
    expect(readTimeLabel(['15时31分47秒'])).toEqual({ time: '15时31分47秒', average: false });
    expect(readTimeLabel(['Average:'])).toEqual({ time: null, average: true });
    expect(readTimeLabel(['平均时间:'])).toEqual({ time: null, average: true });
    expect(readTimeLabel(['Moyenne', ':'])).toEqual({ time: null, average: true });
  });

  it('remembers where each token starts', () => {
    expect(tokenSpans('  a bb  c')).toEqual([
      { text: 'a', start: 2 },
      { text: 'bb', start: 4 },
      { text: 'c', start: 8 },
    ]);
  });
});
