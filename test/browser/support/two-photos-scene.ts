import type { Page } from 'playwright-core';
import type {} from '../../harness/page/harness-api.js';

/** Where a generated photo goes on the canvas, its pixel size, and the red rectangle over it (its mask). */
export interface PhotoPlacement {
  pixels: { width: number; height: number };
  frame: { x: number; y: number; width: number; height: number };
  mask: { x: number; y: number; width: number; height: number };
}

/**
 * "Photo" and "Other photo" (two gradients in other colours, so results can be told apart), each with a
 * rectangle named "Mask over …" over it; the harness's undo history starts after them.
 */
export async function addTwoPhotosAsync(page: Page, photo: PhotoPlacement, other: PhotoPlacement): Promise<{ photoId: string; otherId: string }> {
  return page.evaluate(
    ({ photo, other }) => {
      const image = (width: number, height: number, pixel: (x: number, y: number) => number[]) => {
        const data = new Uint8Array(width * height * 4);
        for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 4);
        return { width, height, data };
      };
      const c = window.harness.controls;
      const first = c.addImageLayer({ name: 'Photo', rgba: image(photo.pixels.width, photo.pixels.height, (x, y) => [(x * 5) % 256, (y * 7) % 256, 90, 255]), ...photo.frame });
      c.addRectangle({ name: 'Mask over photo', ...photo.mask, color: '#ff0000' });
      const second = c.addImageLayer({ name: 'Other photo', rgba: image(other.pixels.width, other.pixels.height, (x, y) => [200, (x * 6) % 256, (y * 6) % 256, 255]), ...other.frame });
      c.addRectangle({ name: 'Mask over other', ...other.mask, color: '#ff0000' });
      c.resetUndoHistory();
      return { photoId: first.id, otherId: second.id };
    },
    { photo, other },
  );
}
