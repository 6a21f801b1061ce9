import { describe, expect, it } from 'vitest';
import { bundleCatalog, DEFAULT_HUB_ENDPOINT } from './catalog.js';

describe('bundleCatalog', () => {
  it('offers PowerPaint v1 and SD-1.5 inpainting from the Hub and any pasted repo, in every build', () => {
    const catalog = bundleCatalog();
    expect(catalog.map((e) => e.id)).toEqual(['powerpaint-v1', 'sd15-inpainting', 'hub-repo', 'tiny']);
    expect(catalog[0]).toMatchObject({ family: 'powerpaint-v1', precision: 'fp16', source: { kind: 'hub', repo: 'Sanster/PowerPaint-V1-stable-diffusion-inpainting', endpoint: DEFAULT_HUB_ENDPOINT } });
    expect(catalog[1]).toMatchObject({ family: 'sd15-inpainting', source: { kind: 'hub', repo: 'stable-diffusion-v1-5/stable-diffusion-inpainting' } });
    expect(catalog[2]!.source).toEqual({ kind: 'hub-any', endpoint: DEFAULT_HUB_ENDPOINT });
    expect(catalog.slice(0, 3).every((e) => e.why === undefined)).toBe(true);
    expect(catalog[3]).toMatchObject({ why: expect.stringMatching(/harness/) });
    expect(catalog[3]!.source).toBeUndefined();
  });

  it('takes another Hub endpoint (a mirror, the harness stand-in) and the harness tiny bundle with its pin', () => {
    const catalog = bundleCatalog({ hubEndpoint: 'http://127.0.0.1:9999', tiny: '/repo/tmp/tiny/', manifestSha256: { tiny: 'a'.repeat(64) } });
    expect(catalog[0]!.source).toMatchObject({ endpoint: 'http://127.0.0.1:9999' });
    expect(catalog[3]).toMatchObject({ source: { kind: 'url', baseUrl: '/repo/tmp/tiny/' }, manifestSha256: 'a'.repeat(64), approxBytes: 250_000 });
  });
});
