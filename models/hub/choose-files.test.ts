import { describe, expect, it } from 'vitest';
import { chooseFiles } from './choose-files.js';
import { SD15_INPAINTING_TREE } from './fixtures/sd15-inpainting-tree.js';
import { parseTree, type HubFile } from './hub-api.js';

/** A listing from paths alone: what the choice reads is names; sizes and hashes only ride along. */
function listing(...paths: string[]): HubFile[] {
  return paths.map((path, i) => ({ path, bytes: 100 + i, gitOid: i.toString(16).padStart(40, '0') }));
}

const CONFIGS = ['model_index.json', 'scheduler/scheduler_config.json', 'unet/config.json', 'vae/config.json', 'text_encoder/config.json'];
const SLOW_TOKENIZER = ['tokenizer/vocab.json', 'tokenizer/merges.txt'];
const WEIGHTS_FP32 = ['unet/diffusion_pytorch_model.safetensors', 'vae/diffusion_pytorch_model.safetensors', 'text_encoder/model.safetensors'];
const WEIGHTS_FP16 = WEIGHTS_FP32.map((path) => path.replace('.safetensors', '.fp16.safetensors'));

const paths = (choice: ReturnType<typeof chooseFiles>) => choice.files.map((file) => file.path).sort();

describe('chooseFiles', () => {
  it("picks, from SD-1.5 inpainting's real file list, the fp16 safetensors and the small files, and nothing else", () => {
    const files = parseTree(SD15_INPAINTING_TREE, 'fixture');
    const choice = chooseFiles(files);
    expect(choice.missing).toBeUndefined();
    expect(choice.layout).toBe('diffusers');
    expect(choice.precision).toEqual({ unet: 'fp16', vae: 'fp16', text_encoder: 'fp16' });
    expect(paths(choice)).toEqual(
      [...CONFIGS, ...SLOW_TOKENIZER, 'tokenizer/special_tokens_map.json', 'tokenizer/tokenizer_config.json', ...WEIGHTS_FP16].sort(),
    );
    expect(choice.files.filter((file) => file.role === 'weights').map((file) => file.path).sort()).toEqual([...WEIGHTS_FP16].sort());
    // every weight keeps the sha256 the Hub listed for it
    for (const file of choice.files.filter((f) => f.role === 'weights')) expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    const downloadGB = choice.files.reduce((sum, file) => sum + file.bytes, 0) / 1e9;
    expect(downloadGB).toBeGreaterThan(2.1);
    expect(downloadGB).toBeLessThan(2.2); // not the 4.3 GB checkpoint, not fp32, not the safety checker
  });

  it('takes the plain safetensors where no fp16 variant exists, per component', () => {
    const choice = chooseFiles(listing(...CONFIGS, ...SLOW_TOKENIZER, ...WEIGHTS_FP32, 'vae/diffusion_pytorch_model.fp16.safetensors'));
    expect(choice.precision).toEqual({ unet: 'fp32', vae: 'fp16', text_encoder: 'fp32' });
    expect(paths(choice)).toEqual(
      [...CONFIGS, ...SLOW_TOKENIZER, 'unet/diffusion_pytorch_model.safetensors', 'vae/diffusion_pytorch_model.fp16.safetensors', 'text_encoder/model.safetensors'].sort(),
    );
  });

  it("prefers a fast tokenizer's tokenizer.json to vocab and merges, and keeps the tokenizer's small configs", () => {
    const choice = chooseFiles(listing(...CONFIGS, ...WEIGHTS_FP32, 'tokenizer/tokenizer.json', ...SLOW_TOKENIZER, 'tokenizer/added_tokens.json'));
    expect(paths(choice).filter((path) => path.startsWith('tokenizer/'))).toEqual(['tokenizer/added_tokens.json', 'tokenizer/tokenizer.json']);
  });

  it('says a repo of PyTorch pickles only is not loadable, and why', () => {
    const choice = chooseFiles(
      listing(...CONFIGS, ...SLOW_TOKENIZER, 'unet/diffusion_pytorch_model.bin', 'vae/diffusion_pytorch_model.bin', 'vae/diffusion_pytorch_model.fp16.bin', 'text_encoder/pytorch_model.bin'),
    );
    expect(choice.missing).toBe(
      'unet has only diffusion_pytorch_model.bin (PyTorch pickles or another framework\'s format), no safetensors: not loadable, ask the publisher for safetensors; ' +
        "vae has only diffusion_pytorch_model.bin, diffusion_pytorch_model.fp16.bin (PyTorch pickles or another framework's format), no safetensors: not loadable, ask the publisher for safetensors; " +
        "text_encoder has only pytorch_model.bin (PyTorch pickles or another framework's format), no safetensors: not loadable, ask the publisher for safetensors",
    );
    expect(choice.files.some((file) => file.path.endsWith('.bin'))).toBe(false);
  });

  it('names a single-file checkpoint, and each missing part', () => {
    const choice = chooseFiles(listing('v1-5-inpainting.safetensors', 'README.md'));
    expect(choice.missing).toMatch(/^it holds a single-file checkpoint \(v1-5-inpainting\.safetensors\), not diffusers' layout .*; no model_index\.json; no scheduler\/scheduler_config\.json; no unet\/config\.json; no unet\/diffusion_pytorch_model\.safetensors;/);
    expect(choice.missing).toMatch(/no tokenizer \(tokenizer\/tokenizer\.json, or tokenizer\/vocab\.json with tokenizer\/merges\.txt\)$/);
  });

  it('says sharded weights are not read yet', () => {
    const choice = chooseFiles(
      listing(...CONFIGS, ...SLOW_TOKENIZER, ...WEIGHTS_FP32.slice(1), 'unet/diffusion_pytorch_model.safetensors.index.json', 'unet/diffusion_pytorch_model-00001-of-00002.safetensors'),
    );
    expect(choice.missing).toBe("unet's safetensors are split into shards (unet/diffusion_pytorch_model-00001-of-00002.safetensors, …), which this loader does not read yet");
  });

  it("recognises Optimum's ONNX layout, with each model's external data", () => {
    const onnx = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'].flatMap((folder) => [`${folder}/model.onnx`, `${folder}/config.json`]);
    const choice = chooseFiles(listing(...onnx, 'unet/model.onnx_data', 'unet/diffusion_pytorch_model.bin', 'scheduler/scheduler_config.json', ...SLOW_TOKENIZER, 'model_index.json', 'feature_extractor/preprocessor_config.json'));
    expect(choice.layout).toBe('onnx');
    expect(choice.missing).toBeUndefined();
    expect(choice.precision).toEqual({});
    expect(paths(choice)).toEqual([...onnx, 'unet/model.onnx_data', 'scheduler/scheduler_config.json', ...SLOW_TOKENIZER, 'model_index.json'].sort());
    expect(choice.files.filter((file) => file.role === 'weights').map((file) => file.path).sort()).toEqual(
      ['text_encoder/model.onnx', 'unet/model.onnx', 'unet/model.onnx_data', 'vae_decoder/model.onnx', 'vae_encoder/model.onnx'],
    );
    const partial = chooseFiles(listing('unet/model.onnx', 'scheduler/scheduler_config.json', 'tokenizer/tokenizer.json'));
    expect(partial).toMatchObject({ layout: 'onnx', missing: 'no text_encoder/model.onnx; no vae_encoder/model.onnx; no vae_decoder/model.onnx' });
  });

  it('prefers the diffusers layout when a repo has both complete', () => {
    const onnx = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'].map((folder) => `${folder}/model.onnx`);
    const choice = chooseFiles(listing(...CONFIGS, ...SLOW_TOKENIZER, ...WEIGHTS_FP32, ...onnx));
    expect(choice.layout).toBe('diffusers');
    expect(choice.files.some((file) => file.path.endsWith('.onnx'))).toBe(false);
  });
});
