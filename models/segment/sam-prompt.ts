import * as ort from 'onnxruntime-web';
import { EngineError } from '../engine/errors.js';

/** A click on the picture, in its pixels: `positive` adds what is under it, a negative point takes it away. */
export interface SamPoint {
  x: number;
  y: number;
  positive: boolean;
}

/** A box drawn on the picture, in its pixels: corners (x0, y0) and (x1, y1). */
export interface SamBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface SamPrompt {
  points: readonly SamPoint[];
  box?: SamBox;
}

/** How the decoder graph takes prompts: the published main export takes points only and pads them itself. */
export interface DecoderPrompting {
  takesBoxes: boolean;
  labelType: 'int64' | 'int32';
}

interface Scale {
  x: number;
  y: number;
}

/**
 * The decoder's prompt inputs, as SamProcessor and SamPromptEncoder make them: coordinates scaled like the
 * picture (`_normalize_coordinates`), labels 1 and 0. With a graph that takes boxes, a prompt without a box
 * gets SamPromptEncoder's padding point (label -1) and zero boxes, and a box without points zero points.
 */
export function decoderPromptFeeds(prompt: SamPrompt, scale: Scale, prompting: DecoderPrompting, label: string): Record<string, ort.Tensor> {
  const { points, box } = prompt;
  if (points.length === 0 && !box) throw new EngineError('bad-input', 'Click the picture (or drag a box) to say what to select.');
  if (box && !prompting.takesBoxes) {
    throw new EngineError(
      'bad-input',
      `${label} takes points only (its prompt_encoder_mask_decoder.onnx has no input_boxes): click inside the object instead of dragging a box, or load an export whose decoder takes input_boxes.`,
    );
  }
  const padded = prompting.takesBoxes && !box;
  const count = points.length + (padded ? 1 : 0);
  const coords = new Float32Array(count * 2);
  const labels = new Array<number>(count);
  points.forEach((point, i) => {
    coords[i * 2] = point.x * scale.x;
    coords[i * 2 + 1] = point.y * scale.y;
    labels[i] = point.positive ? 1 : 0;
  });
  if (padded) labels[count - 1] = -1;
  const labelData = prompting.labelType === 'int64' ? BigInt64Array.from(labels, (v) => BigInt(v)) : Int32Array.from(labels);
  const feeds: Record<string, ort.Tensor> = {
    input_points: new ort.Tensor('float32', coords, [1, 1, count, 2]),
    input_labels: new ort.Tensor(prompting.labelType, labelData, [1, 1, count]),
  };
  if (prompting.takesBoxes) {
    const corners = box ? Float32Array.of(box.x0 * scale.x, box.y0 * scale.y, box.x1 * scale.x, box.y1 * scale.y) : new Float32Array(0);
    feeds.input_boxes = new ort.Tensor('float32', corners, [1, box ? 1 : 0, 4]);
  }
  return feeds;
}
