import { throwIfAborted } from '../../models/engine/errors.js';
import type { MaskImage, RgbaImage, RunControl } from '../../models/engine/types.js';
import type { Engine } from './engine.js';

/**
 * Not PowerPaint: inverts RGB inside the mask and keeps alpha, so a round trip through Figma shows
 * plainly (and testably) that pixels went out, were changed, and came back in the right place.
 */
export class InvertPreviewEngine implements Engine {
  readonly name = 'Preview transform (inverts colours)';
  readonly isModel = false;

  async run(image: RgbaImage, mask: MaskImage, _task: unknown, _options: unknown, control: RunControl): Promise<RgbaImage> {
    throwIfAborted(control.signal);
    const data = new Uint8ClampedArray(image.data);
    for (let pixel = 0; pixel < mask.data.length; pixel++) {
      if ((mask.data[pixel] ?? 0) < 128) continue;
      const at = pixel * 4;
      for (let channel = at; channel < at + 3; channel++) data[channel] = 255 - (data[channel] ?? 0);
    }
    return { width: image.width, height: image.height, data };
  }
}
