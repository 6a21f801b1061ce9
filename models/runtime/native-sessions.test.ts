/**
 * Node's native runtime behind the same session interface: the engine runs on onnxruntime-node
 * unchanged and reproduces diffusers' golden images as the wasm backend does.
 */
import { describe, expect, it } from 'vitest';
import { bundleFromDirectory } from '../bundle/directory-source.node.js';
import { PowerPaintEngine } from '../engine/powerpaint-engine.js';
import { Golden, maxAbsDiff, REFERENCE_BUNDLE_DIR, requestFor, rgbBytes } from '../../test/golden/golden-data.js';
import { nativeRuntime } from './native-sessions.node.js';

describe('onnxruntime-node runtime', () => {
  it('runs the engine and matches diffusers\' golden images within a byte', async () => {
    const golden = new Golden();
    const engine = await PowerPaintEngine.load(bundleFromDirectory(REFERENCE_BUNDLE_DIR), { runtime: await nativeRuntime() });
    expect(engine.backend.backend).toBe('native');
    const cases = golden.cases.filter((g) => g.scheduler === 'ddim' && g.guidance > 1 && g.initialLatents);
    expect(cases.map((c) => c.task).sort()).toEqual(['object', 'outpaint', 'remove', 'shape']);
    for (const c of cases) {
      const result = await engine.run(requestFor(golden, c));
      expect(result.backend).toBe('native');
      expect(maxAbsDiff(rgbBytes(result.variations[0]!.image), golden.u8(c.image)), c.name).toBeLessThanOrEqual(1);
    }
    await engine.release();
  });
});
