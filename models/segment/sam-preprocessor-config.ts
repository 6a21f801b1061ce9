import { EngineError } from '../engine/errors.js';

/** What SamImageProcessor's `preprocessor_config.json` says about turning a picture into `pixel_values`. */
export interface SamPreprocessing {
  /** `size.longest_edge`: the picture's longer side is scaled to this (1024 for SAM). */
  longestEdge: number;
  /** `pad_size`: the scaled picture is padded with zeros, right and bottom, to this. */
  padHeight: number;
  padWidth: number;
  rescaleFactor: number;
  /** Per RGB channel; the identity when `do_normalize` is false. */
  mean: [number, number, number];
  std: [number, number, number];
}

/**
 * Reads the keys SamImageProcessor saves. Resampling other than bilinear (`resample: 2`, every published SAM
 * but MedSAM's bicubic) and a processor that does not resize or pad are refused: the masks would no longer be
 * the model's.
 */
export function parseSamPreprocessing(json: unknown, label: string): SamPreprocessing {
  const config = (json ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  const positive = (value: unknown, name: string): number => {
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    problems.push(`"${name}" must be a positive integer`);
    return 1;
  };
  const triple = (value: unknown, name: string, fallback: [number, number, number]): [number, number, number] => {
    if (value === undefined) return fallback;
    if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number' && Number.isFinite(v))) return value as [number, number, number];
    problems.push(`"${name}" must be three numbers`);
    return fallback;
  };
  const longestEdge = positive((config.size as Record<string, unknown> | undefined)?.longest_edge, 'size.longest_edge');
  const pad = (config.pad_size ?? {}) as Record<string, unknown>;
  const padHeight = positive(pad.height ?? longestEdge, 'pad_size.height');
  const padWidth = positive(pad.width ?? longestEdge, 'pad_size.width');
  if (config.do_resize === false || config.do_pad === false) problems.push('it must resize and pad (do_resize, do_pad) as SAM does');
  if (config.resample !== undefined && config.resample !== 2) problems.push(`"resample" is ${String(config.resample)}; only bilinear (2) is implemented`);
  if (padHeight < longestEdge || padWidth < longestEdge) problems.push('"pad_size" must be at least size.longest_edge');
  const normalize = config.do_normalize !== false;
  const mean = normalize ? triple(config.image_mean, 'image_mean', [0.485, 0.456, 0.406]) : ([0, 0, 0] as [number, number, number]);
  const std = normalize ? triple(config.image_std, 'image_std', [0.229, 0.224, 0.225]) : ([1, 1, 1] as [number, number, number]);
  if (std.some((s) => s === 0)) problems.push('"image_std" must not be 0');
  const rescaleFactor = config.do_rescale === false ? 1 : typeof config.rescale_factor === 'number' ? config.rescale_factor : 1 / 255;
  if (problems.length > 0) {
    throw new EngineError('corrupt-bundle', `${label}/preprocessor_config.json is not a SAM image processor's: ${problems.join('; ')}. Pick a segment-anything model exported for transformers.js (e.g. Xenova/slimsam-77-uniform).`);
  }
  return { longestEdge, padHeight, padWidth, rescaleFactor, mean, std };
}

/** SamImageProcessor's `_get_preprocess_shape`: the picture's size with its longer side at `longestEdge`. */
export function scaledSize(width: number, height: number, longestEdge: number): { width: number; height: number } {
  const scale = longestEdge / Math.max(width, height);
  return { width: Math.trunc(width * scale + 0.5), height: Math.trunc(height * scale + 0.5) };
}
