import { describe, expect, it } from 'vitest';
import { createFakeFigma } from '../fake-figma/index.js';
import { loadSamplePhotos } from './load-samples-node.js';
import { buildSampleScene, SAMPLE } from './sample-scene.js';

describe('sample scene', () => {
  it('builds every case with unique names (but inside the instance) and renders', async () => {
    const fake = createFakeFigma();
    buildSampleScene(fake, loadSamplePhotos());
    const instance = fake.findByName(SAMPLE.instance)!;
    const inInstance = new Set(fake.page.findAll((n) => n.parent === instance).map((n) => n.id));
    const names = fake.snapshot().nodes.filter((n) => !inInstance.has(n.id)).map((n) => n.name);
    expect(new Set(names).size).toBe(names.length);
    const second = fake.document.pages.find((page) => page.name === SAMPLE.secondPage)!;
    const everywhere = [...names, ...second.findAll().map((n) => n.name), second.name];
    for (const name of Object.values(SAMPLE)) expect(everywhere).toContain(name);
    expect(instance.type).toBe('INSTANCE');
    expect([...inInstance].map((id) => fake.node(id).name)).toEqual([SAMPLE.inComponent, SAMPLE.componentLabel]);
    expect(fake.findByName(SAMPLE.inComponent)!.parent).toMatchObject({ type: 'COMPONENT', layoutMode: 'HORIZONTAL' });
    expect((fake.findByName(SAMPLE.turnedFill) as unknown as { fills: ImagePaint[] }).fills[0]!.rotation).toBe(90);
    expect(fake.findByName(SAMPLE.figmaMask)!.isMask).toBe(true);
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
