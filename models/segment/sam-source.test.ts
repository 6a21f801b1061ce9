import { describe, expect, it } from 'vitest';
import { parseSamPreprocessing, scaledSize } from './sam-preprocessor-config.js';
import { chooseSamFiles } from './sam-source.js';

const PUBLISHED = [
  'config.json',
  'preprocessor_config.json',
  'onnx/vision_encoder.onnx',
  'onnx/vision_encoder_quantized.onnx',
  'onnx/vision_encoder_fp16.onnx',
  'onnx/prompt_encoder_mask_decoder.onnx',
  'onnx/prompt_encoder_mask_decoder_quantized.onnx',
].map((path) => ({ path }));

describe('chooseSamFiles', () => {
  it("takes Xenova/slimsam-77-uniform's float32 graphs and processor config, not the quantized or fp16 copies", () => {
    expect(chooseSamFiles(PUBLISHED, 'Xenova/slimsam-77-uniform').map((f) => f.path)).toEqual([
      'preprocessor_config.json',
      'onnx/vision_encoder.onnx',
      'onnx/prompt_encoder_mask_decoder.onnx',
    ]);
  });

  it('names what a repo lacks, and says when it is a SAM 2 export', () => {
    expect(() => chooseSamFiles([{ path: 'model_index.json' }], 'a/b')).toThrow(
      'a/b is not a segment-anything model in transformers.js\'s ONNX layout: it has no preprocessor_config.json, onnx/vision_encoder.onnx, onnx/prompt_encoder_mask_decoder.onnx. Pick one such as Xenova/slimsam-77-uniform.',
    );
    const sam2 = [{ path: 'preprocessor_config.json' }, { path: 'onnx/vision_encoder.onnx' }, { path: 'onnx/vision_encoder.onnx_data' }];
    expect(() => chooseSamFiles(sam2, 'c/d')).toThrow(/no onnx\/prompt_encoder_mask_decoder\.onnx\. \(Its graphs keep weights in \.onnx_data files, as SAM 2 exports do/);
  });
});

describe('parseSamPreprocessing', () => {
  const published = {
    do_normalize: true, do_pad: true, do_rescale: true, do_resize: true, image_mean: [0.485, 0.456, 0.406], image_std: [0.229, 0.224, 0.225],
    pad_size: { height: 1024, width: 1024 }, resample: 2, rescale_factor: 0.00392156862745098, size: { longest_edge: 1024 },
  };

  it("reads SlimSAM's processor config", () => {
    expect(parseSamPreprocessing(published, 'x')).toEqual({
      longestEdge: 1024, padHeight: 1024, padWidth: 1024, rescaleFactor: 0.00392156862745098, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225],
    });
  });

  it('refuses what would change the masks, naming each problem', () => {
    expect(() => parseSamPreprocessing({ ...published, resample: 3, pad_size: { height: 512, width: 512 } }, 'medsam')).toThrow(
      'medsam/preprocessor_config.json is not a SAM image processor\'s: "resample" is 3; only bilinear (2) is implemented; "pad_size" must be at least size.longest_edge.',
    );
    expect(() => parseSamPreprocessing({}, 'empty')).toThrow(/"size\.longest_edge" must be a positive integer/);
  });

  it("scales the longer side as SamImageProcessor's _get_preprocess_shape (round half up)", () => {
    expect(scaledSize(200, 150, 128)).toEqual({ width: 128, height: 96 });
    expect(scaledSize(4096, 4096, 1024)).toEqual({ width: 1024, height: 1024 });
    expect(scaledSize(1000, 333, 1024)).toEqual({ width: 1024, height: 341 });
  });
});
