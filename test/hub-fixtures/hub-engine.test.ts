/**
 * PowerPaint from a repo id, end to end, with the Hub's behaviour played by the local stand-in (the Hub API,
 * a 302 to a storage host, Range, sha256 from the listing): the fp16 variant is chosen and nothing else of
 * the weights is fetched, every file is verified, the engine reproduces diffusers' images for every task,
 * and a second load with a persistent cache downloads nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryCache } from '../../models/bundle/bundle-cache.js';
import { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import { loadHubRepo } from '../../models/hub/load-hub-repo.js';
import { maxAbsDiff, rgbBytes } from '../golden/golden-data.js';
import { startHubStandIn, type HubStandIn } from '../hub-server/hub-stand-in.js';
import { HubGolden, HUB_REPOS_DIR, requestFor } from './hub-golden.js';

const golden = new HubGolden();
const REPO = 'tiny-pp/powerpaint-v1';
let hub: HubStandIn;
beforeAll(async () => {
  hub = await startHubStandIn({ root: HUB_REPOS_DIR });
});
afterAll(() => hub.close());

describe(`hf:${REPO} through the Hub stand-in`, () => {
  const cache = memoryCache();

  it('downloads the fp16 variant only, verified, and the engine reproduces diffusers for every task', async () => {
    const loaded = await loadHubRepo({ ref: REPO, endpoint: hub.endpoint, cache });
    expect(loaded.precision).toEqual({ unet: 'fp16', vae: 'fp16', text_encoder: 'fp16' });
    const weights = loaded.files.map((f) => f.path).filter((p) => p.endsWith('.safetensors'));
    expect(weights.sort()).toEqual(['text_encoder/model.fp16.safetensors', 'unet/diffusion_pytorch_model.fp16.safetensors', 'vae/diffusion_pytorch_model.fp16.safetensors']);
    // Weights came from the storage host after the Hub's redirect, each once.
    const stored = hub.log.filter((r) => r.host === 'storage' && r.path.endsWith('.safetensors'));
    expect(stored.map((r) => r.path).sort()).toEqual(weights.sort());
    expect(hub.log.some((r) => /\/(model|diffusion_pytorch_model)\.safetensors$/.test(r.path))).toBe(false);

    const engine = await PowerPaintEngine.load(loaded.source, { backend: 'wasm', verify: false });
    try {
      expect(engine.manifest.family).toBe('powerpaint-v1');
      for (const c of golden.pipelineCases(REPO, 'fp16')) {
        const bytes = rgbBytes((await engine.run(requestFor(golden, c))).variations[0]!.image);
        expect(maxAbsDiff(bytes, golden.u8(c.image)), c.task).toBeLessThanOrEqual(1);
      }
    } finally {
      await engine.release();
    }
  });

  it('loads again from the cache: the listing is asked for, no file is downloaded', async () => {
    const before = hub.log.length;
    const again = await loadHubRepo({ ref: REPO, endpoint: hub.endpoint, cache });
    const asked = hub.log.slice(before);
    expect(again.downloaded).toEqual([]);
    expect(asked.every((r) => r.kind === 'revision' || r.kind === 'tree')).toBe(true);
    const engine = await PowerPaintEngine.load(again.source, { backend: 'wasm', verify: false });
    await engine.release();
    expect(hub.log.length).toBe(before + asked.length);
  });
});
