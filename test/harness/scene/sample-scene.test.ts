import { describe, expect, it } from 'vitest';
import { createFakeFigma } from '../fake-figma/index.js';
import { loadSamplePhotos } from './load-samples-node.js';
import { buildSampleScene, SAMPLE } from './sample-scene.js';

describe('sample scene', () => {
  it('builds the four cases with unique names and renders', async () => {
    const fake = createFakeFigma();
    buildSampleScene(fake, loadSamplePhotos());
    const names = fake.snapshot().nodes.map((n) => n.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of Object.values(SAMPLE)) expect(names).toContain(name);
    expect(fake.findByName(SAMPLE.rotated)!.rotation).toBeCloseTo(12, 9);
    expect(fake.findByName(SAMPLE.inFrame)!.parent!.type).toBe('FRAME');
    expect(fake.findByName(SAMPLE.inGroup)!.parent!.type).toBe('GROUP');
    expect(fake.undo()).toBe(false);
    const page = fake.renderPage({ scale: 0.25 });
    expect(page.width).toBeGreaterThan(200);
    const bytes = await fake.findByName(SAMPLE.photo)!.exportAsync({ format: 'PNG' });
    expect(bytes.length).toBeGreaterThan(1000);
  });
});
