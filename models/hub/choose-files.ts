import type { HubFile } from './hub-api.js';

/** diffusers' folders of configs and safetensors, or Optimum's ONNX export of the same pipeline. */
export type RepoLayout = 'diffusers' | 'onnx';
/** Which variant of a component's weights was chosen: diffusers' `variant="fp16"` file, or the plain one. */
export type Precision = 'fp16' | 'fp32';
export type WeightsComponent = 'unet' | 'vae' | 'text_encoder';

export interface ChosenFile extends HubFile {
  /** metadata: configs, tokenizer, scheduler (small; read before any weights); weights: the rest. */
  role: 'metadata' | 'weights';
}

export interface FileChoice {
  layout: RepoLayout;
  files: ChosenFile[];
  /** diffusers layout: the variant chosen per component. The safetensors header has the real dtypes. */
  precision: Partial<Record<WeightsComponent, Precision>>;
  /** Why the repo cannot be loaded as it is, in words for the designer; absent when `files` is complete. */
  missing?: string;
}

/** Weights file stems in diffusers' layout: `<folder>/<stem>[.fp16].safetensors`. */
const WEIGHTS: Record<WeightsComponent, string> = { unet: 'diffusion_pytorch_model', vae: 'diffusion_pytorch_model', text_encoder: 'model' };
const ONNX_MODELS = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'];
/** What an Optimum export keeps in a model's folder: the graph, its external data, its config. */
const ONNX_FOLDER_FILE = /\/(?:[^/]+\.(?:onnx|onnx_data|onnx\.data|pb)|config\.json)$/;
/** diffusers' sharded weights: `<stem>-00001-of-00002[.fp16].safetensors` beside an index. */
const SHARD = /-\d+-of-\d+(?:\.fp16)?\.safetensors$/;
/** Formats that only Python can read (pickles) or that are another framework's. */
const NOT_LOADABLE = /\.(?:bin|ckpt|pt|pth|msgpack|h5)$/;

/**
 * Picks what an SD-1.5-family inpainting pipeline needs from a repo's listing, and nothing else: no
 * safety checker, no feature extractor, no pickles, one precision per component (fp16 when the repo
 * has diffusers' `variant="fp16"` files: half the download, and the engine's own choice of compute
 * precision does not depend on it). A complete diffusers layout wins over an ONNX export in the same repo.
 */
export function chooseFiles(listing: readonly HubFile[]): FileChoice {
  const byPath = new Map(listing.map((file) => [file.path, file]));
  const diffusers = chooseDiffusers(byPath);
  const onnxFound = ONNX_MODELS.some((folder) => byPath.has(`${folder}/model.onnx`));
  return diffusers.missing && onnxFound ? chooseOnnx(byPath) : diffusers;
}

function chooseDiffusers(byPath: ReadonlyMap<string, HubFile>): FileChoice {
  const picker = new Picker(byPath);
  const checkpoint = [...byPath.keys()].find((path) => !path.includes('/') && /\.(?:ckpt|safetensors)$/.test(path));
  if (!byPath.has('model_index.json') && checkpoint) {
    picker.problems.push(`it holds a single-file checkpoint (${checkpoint}), not diffusers' layout (model_index.json with unet/, vae/ and text_encoder/ folders)`);
  }
  picker.need('model_index.json');
  picker.need('scheduler/scheduler_config.json');
  const precision: FileChoice['precision'] = {};
  for (const [component, stem] of Object.entries(WEIGHTS) as [WeightsComponent, string][]) {
    picker.need(`${component}/config.json`);
    if (picker.take(`${component}/${stem}.fp16.safetensors`, 'weights')) precision[component] = 'fp16';
    else if (picker.take(`${component}/${stem}.safetensors`, 'weights')) precision[component] = 'fp32';
    else picker.problems.push(noSafetensors(byPath, component, stem));
  }
  pickTokenizer(picker);
  return picker.choice('diffusers', precision);
}

function chooseOnnx(byPath: ReadonlyMap<string, HubFile>): FileChoice {
  const picker = new Picker(byPath);
  picker.take('model_index.json', 'metadata');
  picker.take('powerpaint.json', 'metadata');
  picker.need('scheduler/scheduler_config.json');
  for (const folder of ONNX_MODELS) {
    picker.need(`${folder}/model.onnx`, 'weights');
    for (const path of byPath.keys()) {
      if (path.startsWith(`${folder}/`) && ONNX_FOLDER_FILE.test(path) && path !== `${folder}/model.onnx`) {
        picker.take(path, path.endsWith('.json') ? 'metadata' : 'weights');
      }
    }
  }
  pickTokenizer(picker);
  return picker.choice('onnx', {});
}

/** A fast tokenizer's tokenizer.json when there is one, else the slow CLIP tokenizer's vocab and merges. */
function pickTokenizer(picker: Picker): void {
  if (!picker.take('tokenizer/tokenizer.json', 'metadata')) {
    if (picker.has('tokenizer/vocab.json') && picker.has('tokenizer/merges.txt')) {
      picker.take('tokenizer/vocab.json', 'metadata');
      picker.take('tokenizer/merges.txt', 'metadata');
    } else {
      picker.problems.push('no tokenizer (tokenizer/tokenizer.json, or tokenizer/vocab.json with tokenizer/merges.txt)');
    }
  }
  for (const name of ['added_tokens.json', 'special_tokens_map.json', 'tokenizer_config.json']) picker.take(`tokenizer/${name}`, 'metadata');
}

function noSafetensors(byPath: ReadonlyMap<string, HubFile>, component: WeightsComponent, stem: string): string {
  const inFolder = [...byPath.keys()].filter((path) => path.startsWith(`${component}/`));
  const shards = inFolder.filter((path) => SHARD.test(path));
  if (shards.length > 0) return `${component}'s safetensors are split into shards (${shards[0]}, …), which this loader does not read yet`;
  const pickles = inFolder.filter((path) => NOT_LOADABLE.test(path));
  if (pickles.length > 0) {
    return `${component} has only ${pickles.map((path) => path.slice(component.length + 1)).join(', ')} (PyTorch pickles or another framework's format), no safetensors: not loadable, ask the publisher for safetensors`;
  }
  return `no ${component}/${stem}.safetensors`;
}

/** Collects chosen files and the problems found on the way. */
class Picker {
  readonly files: ChosenFile[] = [];
  readonly problems: string[] = [];
  constructor(private readonly byPath: ReadonlyMap<string, HubFile>) {}

  has(path: string): boolean {
    return this.byPath.has(path);
  }

  take(path: string, role: ChosenFile['role']): boolean {
    const file = this.byPath.get(path);
    if (file) this.files.push({ ...file, role });
    return file !== undefined;
  }

  need(path: string, role: ChosenFile['role'] = 'metadata'): void {
    if (!this.take(path, role)) this.problems.push(`no ${path}`);
  }

  choice(layout: RepoLayout, precision: FileChoice['precision']): FileChoice {
    const choice: FileChoice = { layout, files: this.files, precision };
    if (this.problems.length > 0) choice.missing = this.problems.join('; ');
    return choice;
  }
}
