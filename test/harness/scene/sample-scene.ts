/**
 * The harness's sample document, built from the three sample photos. Every case the plugin
 * has to handle is here: a plain photo with an ellipse over it (a mask shape), a rotated
 * photo, a photo inside a frame (auto-layout off; also the outpaint target), and a photo
 * inside a group. Names are unique so tests can find nodes by name.
 */
import type { FakeFigma } from '../fake-figma/index.js';

export interface SamplePhotos {
  chelsea: Uint8Array;
  coffee: Uint8Array;
  astronaut: Uint8Array;
}

/** Layer names in the sample scene (stable: tests refer to them). */
export const SAMPLE = {
  photo: 'Chelsea',
  mask: 'Mask ellipse',
  rotated: 'Coffee (rotated)',
  frame: 'Card frame',
  inFrame: 'Astronaut',
  group: 'Photo group',
  inGroup: 'Coffee in group',
  caption: 'Caption bar',
} as const;

export function buildSampleScene(fake: FakeFigma, photos: SamplePhotos): void {
  // 1. A photo with an ellipse over the cat's face: select both to use the ellipse as the mask.
  fake.addImageLayer({ name: SAMPLE.photo, png: photos.chelsea, x: 40, y: 40 }); // 451x300
  fake.addEllipse({ name: SAMPLE.mask, x: 190, y: 60, width: 150, height: 130, color: '#ff2d55', opacity: 0.55 });

  // 2. A rotated photo (12° counterclockwise, about its top-left corner).
  fake.addImageLayer({ name: SAMPLE.rotated, png: photos.coffee, x: 560, y: 110, rotation: 12 }); // 300x200

  // 3. A photo inside a fixed frame (auto-layout off, clips content); the frame is larger
  //    than the photo, so it is also the "Outpaint to frame" target.
  const frame = fake.addFrame({ name: SAMPLE.frame, x: 40, y: 400, width: 400, height: 320, color: '#ffffff', clipsContent: true });
  fake.addImageLayer({ name: SAMPLE.inFrame, png: photos.astronaut, parent: frame, x: 72, y: 32 }); // 256x256

  // 4. A photo inside a group, with a caption bar.
  const inGroup = fake.addImageLayer({ name: SAMPLE.inGroup, png: photos.coffee, x: 540, y: 430, width: 300, height: 200 });
  const caption = fake.addRectangle({ name: SAMPLE.caption, x: 540, y: 640, width: 300, height: 36, color: '#1e1e1e' });
  fake.addGroup({ name: SAMPLE.group, nodes: [inGroup, caption] });

  // The scene is the start of history: undo never removes it.
  fake.resetUndoHistory();
}
