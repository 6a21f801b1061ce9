import type { BundleSource } from '../bundle/bundle-source.js';
import type { BundleManifest } from '../bundle/manifest.js';
import type { ComputeType } from '../graphs/bound-graph.js';
import type { LoraChoice } from '../lora/lora-source.js';
import type { FusedLoraInfo, ModelPackage } from '../package/model-package.js';
import { openModel } from '../package/open-model.js';
import { denoise } from '../pipeline/denoise.js';
import { linearPreviewDecoder } from '../preview/linear-preview.js';
import { LivePreview, type LatentEstimate } from '../preview/live-preview.js';
import { openTaesdDecoder, taesdPreviewDecoder, type TaesdDecoder } from '../preview/taesd-preview.js';
import { imageToTensor, tensorToImage } from '../pipeline/image-tensor.js';
import { assertFinite } from '../pipeline/non-finite.js';
import { binarizeMask, maskImageTensor, maskToLatentSize } from '../pipeline/prepare-mask.js';
import { UnetStep } from '../pipeline/unet-step.js';
import type { UnetConditioning } from '../pipeline/unet-inputs.js';
import { denoiseOnGpu, steppableOnGpu } from '../gpu/gpu-denoise.js';
import { decodeLatents, encodeImage, sampleLatent, type LatentDistribution } from '../pipeline/vae.js';
import { TorchCpuGenerator } from '../random/torch-generator.js';
import { chooseBackend, type BackendChoice, type BackendPreference } from '../runtime/choose-backend.js';
import { createModelSession, webSessions, type ModelSession, type ModelSpec, type SessionFactory } from '../runtime/model-session.js';
import { MODEL_SPECS, type ModelName } from '../runtime/model-specs.js';
import { configureOrt, type OrtAssets } from '../runtime/ort-environment.js';
import { createScheduler } from '../schedulers/index.js';
import { PromptEncoder } from '../text/prompt-encoder.js';
import { PromptTokenizer } from '../text/prompt-tokenizer.js';
import { encodeTaskConditioning } from '../text/task-conditioning.js';
import { checkModelFits } from './check-fits.js';
import { EngineError } from './errors.js';
import { RunClock } from './run-clock.js';
import { RunSlots } from './run-slots.js';
import type { InpaintRequest, InpaintResult, MaskImage, RgbaImage, RunControl, Variation } from './types.js';
import { validateRequest } from './validate-request.js';

export interface EngineOptions {
  backend?: BackendPreference;
  /**
   * Sessions from another runtime than onnxruntime-web (Node's native onnxruntime, a remote server):
   * the backend preference is then not consulted.
   */
  runtime?: SessionRuntime;
  assets?: OrtAssets;
  /** Check every file against the manifest's sha256 while loading (default true). */
  verify?: boolean;
  /** A LoRA fused into the UNet at load (diffusers repos), e.g. LCM-LoRA for 4-8 step runs with LCMScheduler. */
  lora?: LoraChoice;
}

type Sessions = Record<ModelName, ModelSession>;

const NO_GRAPH = { model: new Uint8Array(0), externalData: [] };

/** A runtime other than onnxruntime-web: what it is, and how it opens sessions. */
export interface SessionRuntime {
  choice: BackendChoice;
  create: SessionFactory;
  /** The graphs are already where the sessions run (an inference server): none is built or read here. */
  graphsOnServer?: boolean;
  /**
   * Runs that may be in flight at once (default 1). A local runtime computes one run at a time anyway; a
   * server batches concurrent requests on its GPU, so a catalog batch keeps several going.
   */
  concurrency?: number;
}

/**
 * PowerPaint v1 on onnxruntime-web (or another runtime behind the same sessions). Sessions are created
 * once by `load`, reused by every `run` (runs are queued, never interleaved, except up to the runtime's
 * `concurrency` on a server) and freed by `release`.
 */
export class PowerPaintEngine {
  private released = false;

  private constructor(
    private readonly bundle: Pick<ModelPackage, 'manifest' | 'layout' | 'schedulerConfig' | 'lora'>,
    private readonly sessions: Sessions,
    private readonly prompts: PromptEncoder,
    readonly backend: BackendChoice,
    readonly threads: number,
    /** How this engine's sessions were made, for a preview decoder added later on the same runtime. */
    private readonly runtime: { create: SessionFactory; compute: ComputeType },
    private readonly slots: RunSlots,
  ) {}

  private taesd: TaesdDecoder | undefined;

  /** From a bundle, a diffusers repo or an ONNX folder (a BundleSource is opened as whichever it holds). */
  static async load(from: BundleSource | ModelPackage, options: EngineOptions = {}): Promise<PowerPaintEngine> {
    const { threads } = configureOrt(options.assets);
    if ('graph' in from && options.lora) throw new EngineError('bad-input', 'Give the LoRA to openModel with the package, or load the engine from its source.');
    const bundle = 'graph' in from ? from : await openModel(from, options.verify ?? true, options.lora);
    const fixedHalf = bundle.computeTypes.length === 1 && bundle.computeTypes[0] === 'float16';
    const backend = options.runtime?.choice ?? (await chooseBackend(options.backend ?? 'auto', fixedHalf));
    const create = options.runtime?.create ?? webSessions(backend.backend === 'webgpu' ? 'webgpu' : 'wasm');
    const compute = computeType(bundle, backend);
    checkModelFits(bundle, backend, compute);
    const sessions = {} as Sessions;
    try {
      // One at a time: a real UNet is 1.7 GB and two copies in flight can exhaust wasm memory.
      for (const [key, spec] of Object.entries(MODEL_SPECS) as [ModelName, ModelSpec][]) {
        const { model, externalData } = options.runtime?.graphsOnServer ? NO_GRAPH : await bundle.graph(key, compute);
        // The UNet's output stays on the GPU for the GPU-resident loop; the CPU loop downloads it.
        sessions[key] = await createModelSession(spec, model, create, externalData, key === 'unet', key);
      }
    } catch (error) {
      await Promise.all(Object.values(sessions).map((s) => s.release()));
      throw error;
    }
    const taskSubTokens = Object.values(bundle.manifest.taskTokens ?? {}).flat();
    const tokenizer = new PromptTokenizer(bundle.tokenizerJson, taskSubTokens, bundle.source.label);
    // Only what runs need: the package would keep the weight bytes it last read alive for the engine's life.
    const kept = { manifest: bundle.manifest, layout: bundle.layout, schedulerConfig: bundle.schedulerConfig, ...(bundle.lora && { lora: bundle.lora }) };
    return new PowerPaintEngine(kept, sessions, new PromptEncoder(sessions.textEncoder, tokenizer), backend, threads, { create, compute }, new RunSlots(options.runtime?.concurrency ?? 1));
  }

  get manifest(): BundleManifest {
    return this.bundle.manifest;
  }

  /** What the model was read from: only a diffusers repo's weights can take a LoRA (`EngineOptions.lora`). */
  get layout(): ModelPackage['layout'] {
    return this.bundle.layout;
  }

  /** The LoRA fused into the UNet at load, what it replaced and what the fusion cost; undefined without one. */
  get lora(): FusedLoraInfo | undefined {
    return this.bundle.lora;
  }

  /** What live previews are decoded with: TAESD once `useTaesd` added it, else the linear latent-to-RGB map. */
  get previewDecoder(): 'taesd' | 'linear' {
    return this.taesd ? 'taesd' : 'linear';
  }

  /**
   * Live previews through TAESD (madebyollin/taesd's config.json and safetensors, e.g. from `loadHubTaesd`) from
   * the next run on, on this engine's runtime; the model stays loaded. Queued after any run in progress.
   */
  useTaesd(source: BundleSource): Promise<void> {
    return this.slots.run(async () => {
      if (this.released) throw new EngineError('released', 'This engine was released; load the model again.');
      if (this.backend.backend === 'server') throw new EngineError('bad-input', 'TAESD previews run beside the model’s graphs, and these are on an inference server: previews stay the quick colour map.');
      const taesd = await openTaesdDecoder(source, this.runtime.create, this.runtime.compute);
      if (taesd.config.latentChannels !== this.manifest.latentChannels) {
        await taesd.session.release();
        throw new EngineError('bundle-mismatch', `The TAESD at ${taesd.label} decodes ${taesd.config.latentChannels}-channel latents; this model makes ${this.manifest.latentChannels}. Use the TAESD made for this model's VAE (madebyollin/taesd for SD-1.5).`);
      }
      await this.taesd?.session.release();
      this.taesd = taesd;
    });
  }

  run(request: InpaintRequest, control: RunControl = {}): Promise<InpaintResult> {
    return this.slots.run(() => this.runNow(request, control));
  }

  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.slots.idle();
    await Promise.all([...Object.values(this.sessions), ...(this.taesd ? [this.taesd.session] : [])].map((s) => s.release()));
  }

  /** Reads like diffusers' inpainting `__call__`: check, encode prompt, prepare mask, then each variation. */
  private async runNow(request: InpaintRequest, control: RunControl): Promise<InpaintResult> {
    if (this.released) throw new EngineError('released', 'This engine was released; load the bundle again to run.');
    const manifest = this.manifest;
    validateRequest(request, manifest);
    const settings: RunSettings = {
      steps: request.steps ?? manifest.defaults.steps,
      guidance: request.guidance ?? manifest.defaults.guidance,
      scheduler: request.scheduler ?? manifest.defaults.scheduler,
    };
    const variations = request.variations ?? 1;
    const baseSeed = request.seed ?? randomSeed();
    const clock = new RunClock(settings.steps * variations, variations, control.onProgress);
    const warnings: string[] = [];

    clock.begin('encode-text');
    const text = await encodeTaskConditioning(this.prompts, manifest.taskTokens, request, settings.guidance > 1);
    if (text.truncated) warnings.push("The prompt was cut to fit the model's 77-token limit; shorten it to keep every word.");
    if ((request.task === 'object' || request.task === 'shape') && (request.prompt ?? '').trim() === '') {
      warnings.push(`No prompt: ${request.task === 'object' ? 'Insert' : 'Fill shape'} painted whatever the model chose. Describe what to put there (e.g. "a ceramic vase") and run again.`);
    }
    warnings.push(...text.warnings);
    clock.end('encode-text');

    clock.begin('encode-image');
    const masked = await this.prepareMaskedImage(request.image, request.mask);
    clock.end('encode-image');

    const preview = this.livePreview(masked, request.image, control);
    const results: Variation[] = [];
    let latentsOnGpu = false;
    for (let v = 0; v < variations; v++) {
      const seed = (baseSeed + v) >>> 0;
      const generator = new TorchCpuGenerator(seed);
      const conditioning = {
        encoderStates: text.states,
        hiddenSize: text.hiddenSize,
        maskLatent: masked.maskLatent,
        latentChannels: manifest.latentChannels,
        latentHeight: masked.latentHeight,
        latentWidth: masked.latentWidth,
        guidance: settings.guidance,
      };
      clock.begin('denoise', v);
      preview?.begin();
      let step = 0;
      const onStep = async (estimate: LatentEstimate) => {
        clock.step(v);
        await preview?.afterStep(estimate, { step: ++step, total: settings.steps, variation: v });
      };
      const denoised = await this.denoiseVariation(conditioning, masked.distribution, settings, generator, request.initialLatents?.[v], onStep, control.signal);
      latentsOnGpu = denoised.onGpu;
      clock.begin('decode', v);
      const decoded = await decodeLatents(this.sessions.vaeDecoder, denoised.latents, masked.latentDims, manifest.scalingFactor);
      assertFinite(decoded, 'the decoded image', this.backend.backend);
      results.push({ image: tensorToImage(decoded, request.image.width, request.image.height, request.image), seed });
      clock.end('decode', v);
    }
    return { variations: results, warnings, backend: this.backend.backend, latentsOnGpu, timings: clock.timings };
  }

  /** Previews for a run that asks for them: through TAESD, else the linear map (none where no factors fit the latent). */
  private livePreview(masked: { latentWidth: number; latentHeight: number }, image: RgbaImage, control: RunControl): LivePreview | undefined {
    if (!control.onPreview) return undefined;
    const { latentChannels: channels, vaeScaleFactor: scale } = this.manifest;
    const geometry = { channels, latentWidth: masked.latentWidth, latentHeight: masked.latentHeight, scale };
    const decoder = this.taesd ? taesdPreviewDecoder(this.taesd, geometry, image) : linearPreviewDecoder(geometry);
    return decoder && new LivePreview(decoder, control.onPreview);
  }

  /** The binary mask at latent size and the VAE's encoding of `image·(mask < 0.5)`, once per run. */
  private async prepareMaskedImage(image: RgbaImage, mask: MaskImage) {
    const manifest = this.manifest;
    const binaryMask = binarizeMask(mask);
    const latentWidth = image.width / manifest.vaeScaleFactor;
    const latentHeight = image.height / manifest.vaeScaleFactor;
    const maskLatent = maskToLatentSize(binaryMask, image.width, image.height, latentWidth, latentHeight);
    const maskedImage = maskImageTensor(imageToTensor(image), binaryMask);
    const distribution = await encodeImage(this.sessions.vaeEncoder, maskedImage, image.width, image.height, manifest.latentChannels);
    return { maskLatent, distribution, latentWidth, latentHeight, latentDims: [1, manifest.latentChannels, latentHeight, latentWidth] };
  }

  /**
   * One variation's sampling loop, drawing from `generator` in diffusers' order: starting noise, then
   * the masked-image latent, then any per-step noise. On the GPU when the backend and sampler allow.
   */
  private async denoiseVariation(
    base: Omit<UnetConditioning, 'maskedImageLatents'>,
    distribution: LatentDistribution,
    settings: RunSettings,
    generator: TorchCpuGenerator,
    givenNoise: Float32Array | undefined,
    onStep: (estimate: LatentEstimate) => Promise<void>,
    signal: AbortSignal | undefined,
  ): Promise<{ latents: Float32Array; onGpu: boolean }> {
    const scheduler = createScheduler(this.bundle.schedulerConfig, settings.scheduler);
    scheduler.setTimesteps(settings.steps);
    checkTimesteps(scheduler.timesteps, this.bundle.schedulerConfig, settings);
    const noise = givenNoise ?? generator.randn(base.latentChannels * base.latentHeight * base.latentWidth);
    const initial = noise.map((x) => x * scheduler.initNoiseSigma);
    const conditioning = { ...base, maskedImageLatents: sampleLatent(distribution, this.manifest.scalingFactor, generator) };
    if (this.backend.backend === 'webgpu' && steppableOnGpu(scheduler)) {
      return { latents: await denoiseOnGpu(this.sessions.unet, conditioning, initial, scheduler, onStep, signal), onGpu: true };
    }
    const unet = new UnetStep(this.sessions.unet, conditioning, this.backend.backend);
    return { latents: await denoise(initial, scheduler, unet, generator, onStep, signal), onGpu: false };
  }
}

/**
 * float16 where the weights are fp16 and the GPU computes in it (shader-f16); float32 otherwise: on wasm,
 * whose CPU kernels are float32 (onnxruntime would insert the casts itself), and on a GPU without f16.
 */
function computeType(bundle: ModelPackage, backend: BackendChoice): ComputeType {
  const half = bundle.computeTypes.includes('float16') && (bundle.computeTypes.length === 1 || (backend.backend === 'webgpu' && backend.shaderF16));
  return half ? 'float16' : 'float32';
}

/**
 * With `steps_offset` (1 in SD's config), as many steps as training timesteps would ask for timestep 1000
 * of 0…999: diffusers fails on it too, with an index error. Say what to do instead.
 */
function checkTimesteps(timesteps: readonly number[], config: { num_train_timesteps?: number }, settings: RunSettings): void {
  const last = (config.num_train_timesteps ?? 1000) - 1;
  if (timesteps.every((t) => t >= 0 && t <= last)) return;
  throw new EngineError('bad-input', `${settings.steps} steps are more than ${settings.scheduler} can take with this model (its schedule ends at timestep ${last}). Use at most ${settings.steps - 1} steps; PowerPaint's default is 45.`);
}

interface RunSettings {
  steps: number;
  guidance: number;
  scheduler: string;
}

function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}
