import { describe, expect, it } from 'vitest';
import { readCapture } from '../../../functions/core/capture/read.js';
import { classify, type Triage } from '../../../functions/core/classify.js';
import {
  BEANSTALK_APP_UNIT,
  offerOfKind,
  RESTART_UNIT,
  remedyOffers,
} from '../../../functions/core/remedy/offers.js';
import { loadFixture } from '../../helpers/fixtures.js';
import { creditExhausted, seed000Healthy, seed000Sick } from '../../helpers/remedy-captures.js';

const triageOf = (text: string): Triage => classify(readCapture(text));

/** Seed 001's runaway goroutine spin, placed on a host as the test says. */
const runaway = (edit: (t: Triage) => void = () => undefined): Triage => {
  const t = triageOf(loadFixture('captures/seeds/seed-001-goroutine-spin.txt'));
  edit(t);
  return t;
};

describe('remedyOffers', () => {
  it('offers DD_PROFILING_ENABLED=false on the environment for seed 000’s profiled storm', () => {
    // Act
    const offers = remedyOffers(triageOf(seed000Sick()));

    // Assess
    expect(offers).toEqual([
      expect.objectContaining({
        kind: 'environment-setting',
        environment: 'api-prod',
        name: 'DD_PROFILING_ENABLED',
        value: 'false',
      }),
    ]);
  });

  it('offers no setting when the profiler flag is off, or on a healthy peer', () => {
    // Act / Assess
    expect(offerOfKind(triageOf(seed000Sick('false')), 'environment-setting')).toBeUndefined();
    expect(remedyOffers(triageOf(seed000Healthy()))).toEqual([]);
  });

  it('offers no setting outside Beanstalk (no environment to set it on)', () => {
    // Prepare
    const t = triageOf(seed000Sick());
    if (t.facts.instance) delete t.facts.instance.beanstalkEnvironment;

    // Act / Assess
    expect(offerOfKind(t, 'environment-setting')).toBeUndefined();
  });

  it('offers unlimited credits for a t2.micro out of credits only when standard mode is stated', () => {
    // Act
    const stated = triageOf(creditExhausted('standard'));
    const guessed = triageOf(creditExhausted());
    const unlimited = triageOf(creditExhausted('unlimited'));

    // Assess
    expect(stated.cause).toBe('credit-exhaustion');
    expect(offerOfKind(stated, 'unlimited-credits')).toMatchObject({ kind: 'unlimited-credits' });
    expect(guessed.facts.instance?.creditMode?.from).toBe('family default');
    expect(offerOfKind(guessed, 'unlimited-credits')).toBeUndefined();
    expect(offerOfKind(unlimited, 'unlimited-credits')).toBeUndefined();
  });

  it('offers a restart of Beanstalk’s app server for a runaway process on a Beanstalk instance', () => {
    // Prepare
    const onBeanstalk = runaway((t) => {
      t.facts.instance = {
        id: 'i-0b1c2d3e4f5a60718',
        beanstalkEnvironment: 'api-prod',
        source: 'test',
      };
    });

    // Act / Assess
    expect(runaway().cause).toBe('runaway-process');
    expect(offerOfKind(runaway(), 'restart-unit')).toBeUndefined();
    expect(offerOfKind(onBeanstalk, 'restart-unit')).toMatchObject({ unit: BEANSTALK_APP_UNIT });
  });

  it('offers a restart of the unit an OOM-kill line named, and never a name the document refuses', () => {
    // Prepare
    const withUnit = (unit: string) =>
      runaway((t) => {
        const pid = t.diagnoses[0]?.pid;
        t.facts.kernelEvents = [
          {
            kind: 'oom-kill',
            killer: 'systemd-oomd',
            unit,
            ...(pid ? { pid } : {}),
            line: 'x',
            source: 'journalctl',
          },
        ];
      });

    // Act / Assess
    expect(offerOfKind(withUnit('api.service'), 'restart-unit')).toMatchObject({
      unit: 'api.service',
    });
    expect(offerOfKind(withUnit('api.service; reboot'), 'restart-unit')).toBeUndefined();
    expect(offerOfKind(withUnit('user@1000.slice'), 'restart-unit')).toBeUndefined();
  });

  it('holds unit names to a plain .service name', () => {
    // Assess
    expect(RESTART_UNIT.test('web.service')).toBe(true);
    expect(RESTART_UNIT.test('getty@tty1.service')).toBe(true);
    for (const bad of [
      'web',
      '-web.service',
      'web.service\nreboot',
      "web.service'",
      'a b.service',
    ]) {
      expect(RESTART_UNIT.test(bad)).toBe(false);
    }
  });
});
