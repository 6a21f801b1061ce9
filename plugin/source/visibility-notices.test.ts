/** A hidden or fully transparent source runs, and the window is told so (before: it ran without a word). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeFigma } from '../../test/harness/fake-figma/index.js';
import { coordinateImage } from '../testing/pixels.js';
import { createInstalledFakeFigma, runCommandAsync, sendAndAwaitAsync } from '../testing/run-plugin.js';

let fake: FakeFigma;
let uninstall: () => void;
beforeEach(() => ({ fake, uninstall } = createInstalledFakeFigma()));
afterEach(() => uninstall());

async function noticesForAsync(photo: { id: string }): Promise<string[]> {
  await fake.select([photo.id]);
  await runCommandAsync(fake, 'remove');
  const source = await sendAndAwaitAsync(fake, { type: 'load-source', requestId: 'editor', sourceId: photo.id, task: 'remove' }, 'source');
  return source.notices;
}

describe('a source the person can’t see', () => {
  it('hidden: the window says it still runs and where the result goes', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: coordinateImage(16, 12), width: 64, height: 48 });
    photo.visible = false;
    expect(await noticesForAsync(photo)).toEqual(['“Photo” is hidden in Figma. PowerPaint still reads it; the result is placed above it, visible.']);
  });

  it('at 0% opacity, or inside a hidden frame: said too', async () => {
    const frame = fake.addFrame({ name: 'Card', width: 200, height: 200 });
    const photo = fake.addImageLayer({ name: 'Photo', rgba: coordinateImage(16, 12), width: 64, height: 48, parent: frame });
    photo.opacity = 0;
    frame.visible = false;
    expect(await noticesForAsync(photo)).toEqual([
      '“Photo” is at 0% opacity in Figma, so nothing of it shows. PowerPaint still reads it; the result is placed above it, fully opaque.',
      '“Photo” is inside “Card”, which is hidden in Figma: the result goes there too and shows only once “Card” is shown.',
    ]);
  });

  it('a visible, opaque source has no such notice', async () => {
    const photo = fake.addImageLayer({ name: 'Photo', rgba: coordinateImage(16, 12), width: 64, height: 48 });
    expect(await noticesForAsync(photo)).toEqual([]);
  });
});
