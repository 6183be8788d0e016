import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parseAlarmEvent } from '../../../functions/core/alarm/parse.js';
import type { Alarm } from '../../../functions/core/alarm/types.js';
import { loadFixture } from '../../helpers/fixtures.js';

/** A sample event from `test/fixtures/events/<shape>/<name>.json`, freshly parsed (so a copy). */
export const loadEvent = (name: string): unknown => JSON.parse(loadFixture(`events/${name}.json`));

/** Every sample event, as `<shape>/<name>`. */
export const eventFixtureNames = (): string[] => {
  const root = fileURLToPath(new URL('../../fixtures/events/', import.meta.url));
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.json'))
    .map((path) => path.replace(/\.json$/, '').replaceAll('\\', '/'))
    .sort();
};

type Path = readonly (string | number)[];

/** Marks a key for removal in `changed`. */
export const DELETE = Symbol('delete');

/**
 * A `structuredClone` of `event` with the value at `path` replaced (or removed with `DELETE`).
 * Containers on the way are expected to exist: the samples are the starting point.
 */
export const changed = (event: unknown, path: Path, value: unknown): unknown => {
  const copy = structuredClone(event);
  let node = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path.at(-1);
  if (last === undefined) return value;
  if (value === DELETE) delete node[last];
  else node[last] = value;
  return copy;
};

/** An SNS sample with its `Message` JSON changed at `path` (relative to the message). */
export const snsMessageChanged = (event: unknown, path: Path, value: unknown): unknown => {
  const record = (event as { Records: { Sns: { Message: string } }[] }).Records[0];
  const message: unknown = JSON.parse(record?.Sns.Message ?? 'null');
  return changed(
    event,
    ['Records', 0, 'Sns', 'Message'],
    JSON.stringify(changed(message, path, value)),
  );
};

/** Parses an event that must give exactly one alarm, and returns it. */
export const parseOne = (event: unknown): Alarm => {
  const result = parseAlarmEvent(event);
  if (!result.success) expect.fail(`expected an alarm, got ${result.kind}: ${result.error}`);
  expect(result.data).toHaveLength(1);
  const [alarm] = result.data;
  if (!alarm) return expect.fail('no alarm');
  return alarm;
};
