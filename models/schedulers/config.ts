import type { SchedulerConfig } from './scheduler.js';

/**
 * Typed reads of a diffusers scheduler config. A missing or null key takes the class's own diffusers
 * default (as `from_config` does); a present value of the wrong type or an unsupported value throws,
 * because silently ignoring a key that changes diffusers' behaviour would give different images.
 * Keys the class does not know are ignored, as diffusers ignores them.
 */
export class ConfigReader {
  constructor(
    private readonly config: SchedulerConfig,
    private readonly className: string,
  ) {}

  number(key: string, fallback: number): number {
    const value = this.config[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw this.error(key, value, 'a finite number');
    return value;
  }

  integer(key: string, fallback: number, min: number): number {
    const value = this.number(key, fallback);
    if (!Number.isInteger(value) || value < min) throw this.error(key, value, `an integer >= ${min}`);
    return value;
  }

  /** Like `number`, but -Infinity (diffusers' `-float("inf")`) and null mean "no limit". */
  numberOrMinusInfinity(key: string): number {
    const value = this.config[key];
    if (value === undefined || value === null || value === -Infinity) return -Infinity;
    return this.number(key, -Infinity);
  }

  optionalNumber(key: string): number | null {
    const value = this.config[key];
    return value === undefined || value === null ? null : this.number(key, 0);
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.config[key] ?? fallback;
    if (typeof value !== 'boolean') throw this.error(key, value, 'true or false');
    return value;
  }

  choice<T extends string>(key: string, fallback: T, supported: readonly T[]): T {
    const value = this.config[key] ?? fallback;
    if (typeof value !== 'string' || !(supported as readonly string[]).includes(value)) {
      throw this.error(key, value, `one of ${supported.map((s) => `"${s}"`).join(', ')}`);
    }
    return value as T;
  }

  integerList(key: string): number[] {
    const value = this.config[key] ?? [];
    if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v))) throw this.error(key, value, 'a list of integers');
    return value as number[];
  }

  numberList(key: string): number[] | null {
    const value = this.config[key];
    if (value === undefined || value === null) return null;
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) throw this.error(key, value, 'a list of numbers');
    return value as number[];
  }

  /** A key whose non-default values this implementation does not support. */
  requireDefault(key: string, defaultValue: boolean | null): void {
    const value = this.config[key];
    if (value !== undefined && value !== defaultValue && !(defaultValue === null && value === null)) {
      throw new Error(
        `${this.className}: config ${key}=${JSON.stringify(value)} is not supported here ` +
          `(only ${JSON.stringify(defaultValue)}); remove it from scheduler_config.json or choose another scheduler.`,
      );
    }
  }

  private error(key: string, value: unknown, expected: string): Error {
    return new Error(`${this.className}: config ${key}=${JSON.stringify(value)} is not supported; expected ${expected}.`);
  }
}
