import { describe, expect, it } from 'vitest';
import { bundleCatalog } from './catalog.js';

describe('bundleCatalog', () => {
  it('offers the three bundles, disabled with a reason where no location is configured', () => {
    const catalog = bundleCatalog({ tiny: '/repo/tmp/tiny/', manifestSha256: { tiny: 'a'.repeat(64) } });
    expect(catalog.map((e) => e.id)).toEqual(['powerpaint-v1-fp16', 'sd15-inpainting-fp16', 'tiny']);
    expect(catalog[0]).toMatchObject({ family: 'powerpaint-v1', precision: 'fp16', needsShaderF16: true, why: expect.stringMatching(/no download location/) });
    expect(catalog[0]!.baseUrl).toBeUndefined();
    expect(catalog[2]).toMatchObject({ baseUrl: '/repo/tmp/tiny/', manifestSha256: 'a'.repeat(64), approxBytes: 250_000 });
    expect(catalog[2]!.why).toBeUndefined();
  });
});
