import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MT19937 } from './mt19937.js';
import { TorchCpuGenerator } from './torch-generator.js';

// Golden values from torch (CPU) written by models/export/golden/schedulers.py.
interface RandnFixture {
  torch: string;
  cases: { seed: number; size: number; indices?: number[]; values: number[] }[];
  stream: { seed: number; sizes: number[]; values: number[][] };
  mt19937: { seed: number; first: number[] };
}
const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/schedulers/randn.json', import.meta.url), 'utf8'),
) as RandnFixture;

// torch's vectorised logf/cosf/sinf (Sleef or libmvec, by CPU build) are off by a few float32 ulps, ours
// are float64 rounded to float32: measured up to 1.8e-6 apart (AVX512 build); 4e-6 absolute on standard
// normals. Values below 16 elements (double path) agree exactly.
const RANDN_TOL = 4e-6;
const tolFor = (size: number): number => (size < 16 ? 0 : RANDN_TOL);

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - Math.fround(expected[i]!)));
  expect(worst).toBeLessThanOrEqual(tol);
}

describe('MT19937', () => {
  it('matches the C++ standard reference outputs for the default seed 5489', () => {
    const mt = new MT19937(5489);
    expect(mt.nextUint32()).toBe(3499211612);
    // [rand.predef]: the 10000th consecutive output of a default-constructed std::mt19937 is 4123659995.
    for (let i = 2; i < 10000; i++) mt.nextUint32();
    expect(mt.nextUint32()).toBe(4123659995);
  });

  it('matches numpy MT19937 with legacy (init_genrand) seeding', () => {
    const mt = new MT19937(fixture.mt19937.seed);
    expect(fixture.mt19937.first.map(() => mt.nextUint32())).toEqual(fixture.mt19937.first);
  });
});

describe(`TorchCpuGenerator vs torch ${fixture.torch} torch.randn`, () => {
  for (const c of fixture.cases) {
    it(`seed ${c.seed}, ${c.size} values`, () => {
      const values = new TorchCpuGenerator(c.seed).randn(c.size);
      const picked = c.indices ? c.indices.map((i) => values[i]!) : Array.from(values);
      expectClose(picked, c.values, tolFor(c.size));
    });
  }

  it('continues the stream across calls, including the cached value of the < 16 path', () => {
    const gen = new TorchCpuGenerator(fixture.stream.seed);
    fixture.stream.sizes.forEach((n, i) => expectClose(gen.randn(n), fixture.stream.values[i]!, tolFor(n)));
  });

  it('rejects bad seeds and counts', () => {
    expect(() => new TorchCpuGenerator(-1)).toThrow(/seed/);
    expect(() => new TorchCpuGenerator(0).randn(1.5)).toThrow(/count/);
  });
});
