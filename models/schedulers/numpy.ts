/**
 * The few numpy operations diffusers builds schedules with, reproduced to the last bit because timesteps
 * are rounded from them: a different rounding of x.5 or a different arange length changes the schedule.
 */

/** numpy's round: half to even (Math.round rounds half up). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** np.linspace(start, stop, num, endpoint): `i * step + start`, with the endpoint set exactly. */
export function linspace(start: number, stop: number, num: number, endpoint = true): number[] {
  const div = endpoint ? num - 1 : num;
  const step = (stop - start) / div;
  const out = Array.from({ length: num }, (_, i) => i * step + start);
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/**
 * np.arange(start, stop, step) for float steps: numpy takes the length from ceil((stop - start) / step)
 * and fills `start + i * delta` with delta = (start + step) - start.
 */
export function arange(start: number, stop: number, step: number): number[] {
  const length = Math.max(0, Math.ceil((stop - start) / step));
  const second = start + step;
  const delta = second - start;
  return Array.from({ length }, (_, i) => (i === 0 ? start : i === 1 ? second : start + i * delta));
}

/** np.interp for increasing integer xp = 0..fp.length-1, as diffusers uses it (sigma at a timestep). */
export function interpIndex(x: number, fp: ArrayLike<number>): number {
  const last = fp.length - 1;
  if (x <= 0) return fp[0]!;
  if (x >= last) return fp[last]!;
  const lo = Math.floor(x);
  const w = x - lo;
  // numpy: slope * (x - xp[j]) + fp[j]
  return (fp[lo + 1]! - fp[lo]!) * w + fp[lo]!;
}
