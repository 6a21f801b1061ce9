import { MAX_VARIATIONS } from '../../../models/engine/validate-request.js';
import { TASKS } from '../../../models/engine/types.js';
import { SCHEDULER_NAMES } from '../../../models/schedulers/index.js';
import { LCM_LORA, SPEEDS } from '../../../models/engine/speed-presets.js';
import type { FlagSpecs } from '../flags/flag-spec.js';

export const MODEL_HELP =
  'hf:owner/name[@revision] or owner/name (a Hugging Face Hub repo; HF_ENDPOINT and HF_TOKEN are read), ' +
  'a folder (a PowerPaint bundle, a diffusers pipeline or an Optimum ONNX export), ' +
  'the https URL of a bundle, or "instant" (remove without a model)';

export const RUNTIMES = ['native', 'wasm'] as const;
export type CliRuntime = (typeof RUNTIMES)[number];
const RUNTIME_HELP =
  'native: onnxruntime-node on the CPU, no memory cap (default; SD-1.5 needs it: its fp16 weights widen to 3.4 GB); ' +
  'wasm: onnxruntime-web as the plugin window runs it on a CPU, byte for byte the window\'s wasm results';

export const CACHE_DIR_HELP = 'where downloads are kept, by sha256 (default $POWERPAINT_CACHE, else $XDG_CACHE_HOME/powerpaint, else ~/.cache/powerpaint)';

/**
 * `run`'s options. The numeric ranges are the engine's own (models/engine/validate-request.ts), so a
 * value the engine would refuse after loading the model is refused here, before anything loads.
 */
export const RUN_FLAGS = {
  model: { kind: 'text', value: 'M', group: 'model', help: MODEL_HELP },
  'cache-dir': { kind: 'text', value: 'DIR', group: 'model', help: CACHE_DIR_HELP },
  runtime: { kind: 'choice', value: 'R', group: 'model', choices: RUNTIMES, help: RUNTIME_HELP },
  server: {
    kind: 'text',
    value: 'URL',
    group: 'inference server',
    help: 'run the model on a Triton or KServe server over the Open Inference Protocol (http(s)://host:port) instead of this machine: the pictures are sent to it. The server holds the graphs as `triton-repo` writes them; --model still gives the tokenizer, scheduler and defaults',
  },
  'server-token': { kind: 'text', value: 'T', group: 'inference server', help: 'sent as a bearer token (default $POWERPAINT_SERVER_TOKEN); never printed' },
  concurrency: { kind: 'integer', value: 'N', min: 1, max: 64, group: 'inference server', help: 'a folder: pictures in flight at once on the server, which batches them on its GPU (default 4)' },
  lora: {
    kind: 'text',
    value: 'L[:scale]',
    group: 'model',
    help: `a LoRA fused into the UNet's weights at load, as diffusers' fuse_lora(lora_scale) does: hf:owner/name[@revision] (its pytorch_lora_weights.safetensors, diffusers' or kohya's layout) or a folder, then :scale (default 1). Diffusers repos only (their weights are safetensors). --speed fast uses hf:${LCM_LORA.repo} when none is given`,
  },

  image: { kind: 'text', value: 'in.png', group: 'one image', help: 'the picture to change (PNG; straight alpha is kept)' },
  mask: {
    kind: 'text',
    value: 'mask.png',
    group: 'one image',
    help: 'the area to repaint, the image\'s size: a pixel is repainted where its first channel (grey or red) is 128 or more, over black where the PNG is transparent. Not needed for outpaint with --extend or --ratio',
  },
  out: { kind: 'text', value: 'out.png', group: 'one image', help: 'where to write the result; with --variations N, out-1.png … out-N.png' },

  'input-dir': { kind: 'text', value: 'DIR', group: 'a folder of images', help: 'run every PNG in DIR (not its subfolders)' },
  'mask-dir': { kind: 'text', value: 'DIR', group: 'a folder of images', help: 'the mask of each image: the PNG of the same file name in DIR' },
  'output-dir': { kind: 'text', value: 'DIR', group: 'a folder of images', help: 'where the results go, under the input\'s file name (created if missing)' },

  task: { kind: 'choice', value: 'T', group: 'what to do', choices: TASKS, help: 'object inserts one from --prompt, remove takes away what is masked, shape fills the mask\'s shape with --prompt, outpaint extends the picture' },
  prompt: { kind: 'text', value: 'TEXT', allowEmpty: true, group: 'what to do', help: 'what to paint (object, shape); remove and outpaint read it too' },
  negative: { kind: 'text', value: 'TEXT', allowEmpty: true, group: 'what to do', help: 'what not to paint' },
  fitting: { kind: 'number', value: 'F', min: 0, max: 1, group: 'what to do', help: 'shape only: 1 follows the mask\'s shape, about 0.5 lets the object take its own (default 1)' },
  extend: {
    kind: 'text',
    value: 'L,T,R,B',
    group: 'what to do',
    help: 'outpaint only: pixels to add on the left, top, right and bottom (one number: the same on every side)',
  },
  ratio: { kind: 'text', value: 'W:H', group: 'what to do', help: 'outpaint only: extend to this aspect ratio (16:9, 4:5, 1.5), the picture centred' },
  'whole-image': {
    kind: 'switch',
    group: 'what to do',
    help: 'run the model once on the image as given, as diffusers\' StableDiffusionInpaintPipeline does: sides a multiple of the model\'s size step (info shows it), no windows, no paste-back. Default: the plugin window\'s full-resolution path (a window around each masked area at the model\'s size, pasted back; pixels away from the mask keep their bytes)',
  },

  speed: {
    kind: 'choice',
    value: 'S',
    choices: SPEEDS,
    group: 'sampling',
    help: `the plugin window's presets. fast: LCM-LoRA (--lora, default hf:${LCM_LORA.repo}) with ${LCM_LORA.scheduler}, ${LCM_LORA.steps} steps, guidance ${LCM_LORA.guidance} (one UNet batch a step); balanced: 30 DDIM steps; best: PowerPaint's 45 DDIM steps. Guidance 7.5 for object and shape, 10 (balanced) or 12 (best) for remove and outpaint. --steps, --guidance and --scheduler override`,
  },
  steps: { kind: 'integer', value: 'N', min: 1, max: 1000, group: 'sampling', help: 'denoising steps (default: the model\'s, 45 for PowerPaint v1)' },
  guidance: { kind: 'number', value: 'G', min: 0, max: 50, group: 'sampling', help: 'classifier-free guidance; 1 or less skips the negative prompt (default: the model\'s, 7.5)' },
  scheduler: { kind: 'choice', value: 'S', choices: SCHEDULER_NAMES, group: 'sampling', help: 'the sampler, by diffusers class or short name (default: the model\'s, DDIMScheduler)' },
  seed: { kind: 'integer', value: 'N', min: 0, max: 0xffffffff, group: 'sampling', help: 'the same seed, settings and model give the same pixels (default: a random seed, printed)' },
  variations: { kind: 'integer', value: 'N', min: 1, max: MAX_VARIATIONS, group: 'sampling', help: 'results to make; variation i uses seed + i and can be made alone with that seed' },

  help: { kind: 'switch', group: 'help', help: 'show this' },
} as const satisfies FlagSpecs;
