import type { MaskImage, RgbaImage, RunControl, Task } from '../../models/engine/types.js';
import type { TaskOptions } from '../../plugin/protocol/messages.js';

/**
 * What the window runs a job with. The PowerPaint model engine from models/ plugs in here; until it
 * does, a preview transform stands in, and `isModel` lets the window say which one is painting.
 */
export interface Engine {
  /** Shown to the person, e.g. "Preview transform (inverts colours)". */
  readonly name: string;
  /** False for stand-ins: the window then says plainly that the result is not PowerPaint's. */
  readonly isModel: boolean;
  /** Repaints the pixels where `mask` is set (>= 128); returns an image of the same size. */
  run(image: RgbaImage, mask: MaskImage, task: Task, options: TaskOptions, control: RunControl): Promise<RgbaImage>;
}
