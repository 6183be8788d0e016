import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAlarmEvent } from '../../../functions/core/alarm/parse.js';
import { changed, eventFixtureNames, loadEvent } from './events.js';

/** The result is always one of the documented shapes, with a reason when it fails. */
const wellFormed = (event: unknown) => {
  const result = parseAlarmEvent(event);
  if (result.success) {
    expect(Array.isArray(result.data)).toBe(true);
  } else {
    expect(['malformed', 'not-an-alarm']).toContain(result.kind);
    expect(result.error.length).toBeGreaterThan(0);
  }
};

/** Every [path] to a value inside `value`, containers included. */
const pathsOf = (value: unknown, at: (string | number)[] = []): (string | number)[][] => {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...at, i]))];
  if (typeof value === 'object' && value !== null) {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]))];
  }
  return here;
};

describe('parseAlarmEvent on any input', () => {
  it('never throws on random JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => wellFormed(value)),
      { numRuns: 500 },
    );
  });

  it('never throws on random objects with the keys that pick a shape', () => {
    const key = fc.constantFrom(
      'Records',
      'detail-type',
      'source',
      'alarmData',
      'alarmArn',
      'detail',
    );
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue()), (event) => wellFormed(event)),
      { numRuns: 500 },
    );
  });

  it('never throws when any value inside a sample is replaced by random JSON', () => {
    const samples = eventFixtureNames().map((name) => loadEvent(name));
    const mutation = fc
      .constantFrom(...samples)
      .chain((sample) =>
        fc.tuple(fc.constant(sample), fc.constantFrom(...pathsOf(sample)), fc.jsonValue()),
      );
    fc.assert(
      fc.property(mutation, ([sample, path, value]) => wellFormed(changed(sample, path, value))),
      { numRuns: 1000 },
    );
  });

  it('never throws on an SNS record whose Message is random text', () => {
    const sample = loadEvent('sns/alarm-single-metric');
    const message = fc.oneof(fc.string(), fc.json(), fc.constant('{"AlarmName":1}'));
    fc.assert(
      fc.property(message, (text) =>
        wellFormed(changed(sample, ['Records', 0, 'Sns', 'Message'], text)),
      ),
      { numRuns: 300 },
    );
  });

  it('turns an event that throws when read into a malformed result', () => {
    // Prepare
    const hostile = new Proxy(
      {},
      {
        has: () => {
          throw new TypeError('revoked');
        },
      },
    );

    // Act
    const result = parseAlarmEvent(hostile);

    // Assess
    expect(result).toEqual({
      success: false,
      kind: 'malformed',
      error: 'event could not be read (TypeError)',
    });
  });
});
