/**
 * Reads environment variables into typed values and collects every problem, so a wrong
 * configuration fails once, naming each variable. Hand-written rather than a schema library:
 * these few rules cost the Lambda bundles nothing (zod cost each about 32 KB).
 */
export class EnvReader {
  readonly problems: string[] = [];
  readonly #env: Record<string, string | undefined>;

  constructor(env: Record<string, string | undefined>) {
    this.#env = env;
  }

  /** The trimmed value; an empty variable counts as unset. */
  raw(name: string): string | undefined {
    const value = this.#env[name]?.trim();
    return value === '' ? undefined : value;
  }

  #fail(name: string, why: string): undefined {
    this.problems.push(`${name}: ${why}`);
    return undefined;
  }

  /** A required text of at least `min` characters. */
  required(name: string, min: number, why: string): string {
    const value = this.raw(name);
    if (value === undefined || value.length < min) this.#fail(name, why);
    return value ?? '';
  }

  /** An optional text matching `pattern`. */
  optional(name: string, pattern: RegExp, why: string): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    return pattern.test(value) ? value : this.#fail(name, why);
  }

  /** A whole number from `min` to `max`, `fallback` when unset. */
  whole(name: string, min: number, max: number, fallback: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) {
      this.#fail(name, `must be a whole number from ${min} to ${max}, got ${value}`);
      return fallback;
    }
    return n;
  }

  /** One of `allowed`, `fallback` when unset. */
  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const found = allowed.find((a) => a === value);
    if (!found) this.#fail(name, `must be one of ${allowed.join(', ')}, got ${value}`);
    return found ?? fallback;
  }

  /** `U1, U2,` → `['U1', 'U2']`, each matching `pattern`; unset or empty → `undefined`. */
  list(name: string, pattern: RegExp, why: string): string[] | undefined {
    const items = (this.raw(name) ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    if (items.length === 0) return undefined;
    return items.every((item) => pattern.test(item)) ? items : this.#fail(name, why);
  }
}
