import type { SamBox, SamPoint } from '../../../models/segment/sam-prompt.js';
import { DEFAULT_SELECT_MODEL } from '../../../models/segment/sam-source.js';
import { UsageError } from '../errors.js';
import type { FlagSpecs } from '../flags/flag-spec.js';
import { CACHE_DIR_HELP } from './run-flags.js';

export const SEGMENT_FLAGS = {
  model: {
    kind: 'text',
    value: 'M',
    group: 'model',
    help: `a segment-anything model in transformers.js's ONNX layout (onnx/vision_encoder.onnx, onnx/prompt_encoder_mask_decoder.onnx, preprocessor_config.json): hf:owner/name[@revision] or owner/name (HF_ENDPOINT and HF_TOKEN are read), or a folder (default hf:${DEFAULT_SELECT_MODEL}, the plugin window's)`,
  },
  'cache-dir': { kind: 'text', value: 'DIR', group: 'model', help: CACHE_DIR_HELP },
  image: { kind: 'text', value: 'in.png', group: 'what to select', help: 'the picture (PNG)' },
  point: {
    kind: 'text',
    value: 'x,y[,1|0]',
    repeatable: true,
    group: 'what to select',
    help: 'a click in picture pixels: 1 (default) selects what is under it, 0 takes it away (the window\'s Alt-click); give --point again for more',
  },
  box: { kind: 'text', value: 'x0,y0,x1,y1', group: 'what to select', help: 'a box around the object, in picture pixels (the window\'s drag); needs a model whose decoder takes input_boxes' },
  out: { kind: 'text', value: 'mask.png', group: 'what to select', help: 'where to write the mask: 8-bit grey, the picture\'s size, 255 selected, 0 not (a --mask for run)' },
  help: { kind: 'switch', group: 'help', help: 'show this' },
} as const satisfies FlagSpecs;

function numbers(flag: string, text: string, counts: readonly number[], shape: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const values = parts.map((part) => (part === '' ? NaN : Number(part)));
  if (!counts.includes(values.length) || values.some((v) => !Number.isFinite(v))) {
    throw new UsageError(`--${flag} ${text} is not ${shape}: write it as --${flag} ${shape} with numbers, e.g. --${flag} ${flag === 'box' ? '40,30,200,180' : '120,80'}.`);
  }
  return values;
}

/** `--point x,y[,1|0]`: picture pixels, positive unless the third number is 0. */
export function parsePoint(text: string): SamPoint {
  const [x, y, label = 1] = numbers('point', text, [2, 3], 'x,y[,1|0]');
  if (label !== 0 && label !== 1) throw new UsageError(`--point ${text}: the third number is 1 (select) or 0 (take away), not ${label}.`);
  return { x: x!, y: y!, positive: label === 1 };
}

/** `--box x0,y0,x1,y1`, corners in any order. */
export function parseBox(text: string): SamBox {
  const [a, b, c, d] = numbers('box', text, [4], 'x0,y0,x1,y1');
  if (a === c || b === d) throw new UsageError(`--box ${text} has no area: give two opposite corners.`);
  return { x0: Math.min(a!, c!), y0: Math.min(b!, d!), x1: Math.max(a!, c!), y1: Math.max(b!, d!) };
}
