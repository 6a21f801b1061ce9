import * as ort from 'onnxruntime-web';
import { readJson, type BundleSource } from '../bundle/bundle-source.js';
import { EngineError } from '../engine/errors.js';
import type { SessionRuntime } from '../engine/powerpaint-engine.js';
import type { MaskImage, RgbaImage } from '../engine/types.js';
import { chooseBackend, type BackendChoice, type BackendPreference } from '../runtime/choose-backend.js';
import { createModelSession, valueMetadata, webSessions, type ModelSession, type ModelSpec } from '../runtime/model-session.js';
import { configureOrt, type OrtAssets } from '../runtime/ort-environment.js';
import { upsampleMaskLogits } from './sam-mask-upsample.js';
import { samPixelValues } from './sam-pixel-values.js';
import { parseSamPreprocessing, type SamPreprocessing } from './sam-preprocessor-config.js';
import { decoderPromptFeeds, type DecoderPrompting, type SamPrompt } from './sam-prompt.js';

/** The files of a segment-anything model as transformers.js exports publish them (Xenova/slimsam-77-uniform). */
export const SAM_FILES = {
  preprocessor: 'preprocessor_config.json',
  visionEncoder: 'onnx/vision_encoder.onnx',
  decoder: 'onnx/prompt_encoder_mask_decoder.onnx',
} as const;

const MISMATCH = 'This is not a segment-anything model in the transformers.js ONNX layout (vision_encoder + prompt_encoder_mask_decoder); pick one such as Xenova/slimsam-77-uniform.';

export const SAM_SPECS = {
  visionEncoder: { path: SAM_FILES.visionEncoder, inputs: ['pixel_values'], outputs: ['image_embeddings', 'image_positional_embeddings'], mismatchAdvice: MISMATCH },
  decoder: {
    path: SAM_FILES.decoder,
    inputs: ['input_points', 'input_labels', 'image_embeddings', 'image_positional_embeddings'],
    outputs: ['iou_scores', 'pred_masks'],
    mismatchAdvice: MISMATCH,
  },
} as const satisfies Record<string, ModelSpec>;

interface Size {
  width: number;
  height: number;
}

/** A picture's image embedding: computed once, then every click on that picture reuses it. */
export interface SamEmbedding {
  picture: Size;
  /** The picture scaled to the model's side (`reshaped_input_sizes`). */
  scaled: Size;
  embeddings: ort.Tensor;
  positional: ort.Tensor;
}

export interface SegmentResult {
  /** The picture's size; 255 where selected. */
  mask: MaskImage;
  /** Which of the decoder's three masks: the one it scores highest. */
  choice: number;
  iouScores: Float32Array;
  /** The decoder's low-resolution logits, all three masks: [3, low.height, low.width]. */
  logits: Float32Array;
  low: Size;
}

export interface SamLoadOptions {
  backend?: BackendPreference;
  runtime?: SessionRuntime;
  assets?: OrtAssets;
}

/**
 * Click to select: a segment-anything model (SamModel's two graphs) with SamProcessor's pre- and post-processing.
 * The image embedding is computed once per picture and kept (one picture at a time: a new one replaces it); each
 * prompt runs only the small decoder and the mask upsampling. Calls are queued, never interleaved.
 */
export class SamSegmenter {
  private queue: Promise<unknown> = Promise.resolve();
  private current: { image: RgbaImage; embedding: Promise<SamEmbedding> } | undefined;
  private released = false;

  private constructor(
    readonly label: string,
    readonly backend: BackendChoice,
    private readonly preprocessing: SamPreprocessing,
    private readonly vision: ModelSession,
    private readonly decoder: ModelSession,
    private readonly prompting: DecoderPrompting,
  ) {}

  static async load(source: BundleSource, options: SamLoadOptions = {}): Promise<SamSegmenter> {
    configureOrt(options.assets);
    const preprocessing = parseSamPreprocessing(await readJson(source, SAM_FILES.preprocessor), source.label);
    const backend = options.runtime?.choice ?? (await chooseBackend(options.backend ?? 'auto', false));
    const create = options.runtime?.create ?? webSessions(backend.backend === 'webgpu' ? 'webgpu' : 'wasm');
    const vision = await createModelSession(SAM_SPECS.visionEncoder, await source.read(SAM_FILES.visionEncoder), create);
    // The decoder is small, runs on every click and takes zero-length prompt tensors (no box, or no points):
    // wasm runs it whatever runs the encoder, as transformers.js's own SAM examples place it.
    const createDecoder = options.runtime?.create ?? webSessions('wasm');
    let decoder: ModelSession;
    try {
      decoder = await createModelSession(SAM_SPECS.decoder, await source.read(SAM_FILES.decoder), createDecoder);
    } catch (error) {
      await vision.release();
      throw error;
    }
    const labelType = valueMetadata(decoder, 'input', 'input_labels').type === 'int32' ? 'int32' : 'int64';
    const prompting: DecoderPrompting = { takesBoxes: decoder.inputNames.includes('input_boxes'), labelType };
    return new SamSegmenter(source.label, backend, preprocessing, vision, decoder, prompting);
  }

  /** Whether a drawn box can be a prompt (the decoder takes `input_boxes`). */
  get takesBoxes(): boolean {
    return this.prompting.takesBoxes;
  }

  /** The picture's embedding: the vision encoder runs the first time this picture is seen, never again. */
  embed(image: RgbaImage): Promise<SamEmbedding> {
    if (this.current?.image !== image) {
      const previous = this.current?.embedding;
      const embedding = this.enqueue(async () => {
        await previous?.then(disposeEmbedding, () => undefined);
        return this.embedNow(image);
      });
      this.current = { image, embedding };
      // A failed embedding is not kept: the next click on this picture tries again.
      embedding.catch(() => {
        if (this.current?.embedding === embedding) this.current = undefined;
      });
    }
    return this.current.embedding;
  }

  /** The mask a prompt selects on the picture, at the picture's size. */
  async segment(image: RgbaImage, prompt: SamPrompt): Promise<SegmentResult> {
    const embedding = await this.embed(image);
    return this.enqueue(() => this.decodeNow(embedding, prompt));
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.queue.catch(() => undefined);
    await this.current?.embedding.then(disposeEmbedding, () => undefined);
    await Promise.all([this.vision.release(), this.decoder.release()]);
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.released) throw new EngineError('released', 'The select model was released; load it again to select.');
      return job();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async embedNow(image: RgbaImage): Promise<SamEmbedding> {
    const { padWidth, padHeight } = this.preprocessing;
    const { data, scaled } = samPixelValues(image, this.preprocessing);
    const pixels = new ort.Tensor('float32', data, [1, 3, padHeight, padWidth]);
    const out = await this.vision.run({ pixel_values: pixels });
    pixels.dispose();
    return { picture: { width: image.width, height: image.height }, scaled, embeddings: out.image_embeddings!, positional: out.image_positional_embeddings! };
  }

  private async decodeNow(embedding: SamEmbedding, prompt: SamPrompt): Promise<SegmentResult> {
    const { picture, scaled } = embedding;
    const scale = { x: scaled.width / picture.width, y: scaled.height / picture.height };
    const feeds = decoderPromptFeeds(prompt, scale, this.prompting, this.label);
    const out = await this.decoder.run({ ...feeds, image_embeddings: embedding.embeddings, image_positional_embeddings: embedding.positional });
    for (const tensor of Object.values(feeds)) tensor.dispose();
    const iouScores = Float32Array.from(out.iou_scores!.data as Float32Array);
    const dims = out.pred_masks!.dims;
    const low = { height: dims[dims.length - 2]!, width: dims[dims.length - 1]! };
    const logits = Float32Array.from(out.pred_masks!.data as Float32Array);
    out.iou_scores!.dispose();
    out.pred_masks!.dispose();
    const choice = iouScores.indexOf(Math.max(...iouScores));
    const plane = low.width * low.height;
    const padded = { width: this.preprocessing.padWidth, height: this.preprocessing.padHeight };
    const mask = upsampleMaskLogits(logits.subarray(choice * plane, (choice + 1) * plane), low, padded, scaled, picture);
    return { mask, choice, iouScores, logits, low };
  }
}

function disposeEmbedding(embedding: SamEmbedding): void {
  embedding.embeddings.dispose();
  embedding.positional.dispose();
}
