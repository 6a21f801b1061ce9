/**
 * The harness's sample document, built from the three sample photos. Every case the plugin
 * has to handle is here: a plain photo with an ellipse over it (a mask shape), a rotated
 * photo, a photo inside a frame (auto-layout off; also the outpaint target), a photo
 * inside a group, a component with auto-layout and an instance of it, an image whose fill
 * is turned a quarter, a group clipped by a Figma mask, and a second page. Names are unique
 * so tests can find nodes by name, except inside the instance, whose layers are named as the
 * component's (find them from the instance).
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
  component: 'Profile card',
  inComponent: 'Avatar',
  componentLabel: 'Name bar',
  instance: 'Profile card instance',
  turnedFill: 'Coffee (turned fill)',
  maskedGroup: 'Masked photo',
  figmaMask: 'Round mask',
  masked: 'Chelsea (masked)',
  secondPage: 'Page 2',
  onSecondPage: 'Astronaut on page 2',
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

  // 5. A component with auto-layout (a photo and a bar in a row), and an instance of it: a result for a layer
  //    in the instance can't go inside it; one in the component must not join its layout.
  const component = fake.addComponent({ name: SAMPLE.component, x: 40, y: 780, width: 360, height: 140, color: '#ffffff', layoutMode: 'HORIZONTAL', itemSpacing: 10, padding: 10 });
  fake.addImageLayer({ name: SAMPLE.inComponent, png: photos.astronaut, parent: component, width: 120, height: 120 });
  fake.addRectangle({ name: SAMPLE.componentLabel, parent: component, width: 200, height: 40, color: '#e0e0e0' });
  fake.addInstance({ component, name: SAMPLE.instance, x: 460, y: 780 });

  // 6. An image whose fill is turned a quarter (the 300×200 photo, standing in a 200×300 layer).
  fake.addImageLayer({ name: SAMPLE.turnedFill, png: photos.coffee, x: 900, y: 40, width: 200, height: 300, fillRotation: 90 });

  // 7. A photo clipped by a Figma mask (isMask): part of the design, never a PowerPaint mask.
  const round = fake.addEllipse({ name: SAMPLE.figmaMask, x: 930, y: 420, width: 160, height: 160, color: '#000000' });
  const masked = fake.addImageLayer({ name: SAMPLE.masked, png: photos.chelsea, x: 900, y: 400, width: 301, height: 200 });
  fake.addGroup({ name: SAMPLE.maskedGroup, nodes: [round, masked] });
  round.isMask = true;

  // 8. A second page: a plugin run starts with it unloaded (documentAccess: dynamic-page).
  const second = fake.addPage(SAMPLE.secondPage);
  fake.addImageLayer({ name: SAMPLE.onSecondPage, png: photos.astronaut, parent: second, x: 40, y: 40 });

  // The scene is the start of history: undo never removes it.
  fake.resetUndoHistory();
}
