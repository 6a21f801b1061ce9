import { createHash } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { HubStandInOptions } from '../../test/hub-server/hub-stand-in.js';
import { writeTinyRepo, type TinyRepoOptions } from '../../test/hub-server/tiny-repo.js';
import { useHubStandIn } from '../../test/hub-server/use-hub-stand-in.js';
import { memoryCache, noCache } from '../bundle/bundle-cache.js';
import type { BundleProgress } from '../bundle/load-bundle.js';
import { loadHubRepo, type LoadHubRepoOptions } from './load-hub-repo.js';

const TOKEN = 'hf_secretTokenValue123';
const UNET = 'unet/diffusion_pytorch_model.fp16.safetensors';
const VAE = 'vae/diffusion_pytorch_model.fp16.safetensors';
const METADATA = [
  'model_index.json',
  'scheduler/scheduler_config.json',
  'unet/config.json',
  'vae/config.json',
  'text_encoder/config.json',
  'tokenizer/vocab.json',
  'tokenizer/merges.txt',
  'tokenizer/special_tokens_map.json',
  'tokenizer/tokenizer_config.json',
];
const WEIGHTS = [UNET, VAE, 'text_encoder/model.fp16.safetensors'];

const stand = useHubStandIn();

async function serveRepo(repo: TinyRepoOptions = {}, options: Partial<HubStandInOptions> = {}) {
  await writeTinyRepo(stand.root, 'acme/inpaint', repo);
  return stand.serve(options);
}

function load(options: Partial<LoadHubRepoOptions> = {}) {
  return loadHubRepo({ ref: 'acme/inpaint', endpoint: stand.hub.endpoint, sleep: async () => undefined, ...options });
}

const repoPath = (path: string) => join(stand.root, 'acme/inpaint', path);
const onDisk = (path: string) => readFile(repoPath(path));
const weightRequests = () => stand.hub.downloads().filter((r) => r.path.endsWith('.safetensors'));

function expectSameBytes(actual: Uint8Array, expected: Uint8Array) {
  expect(actual.byteLength).toBe(expected.byteLength);
  expect(Buffer.compare(actual, expected)).toBe(0);
}

describe('loadHubRepo', () => {
  it('downloads the chosen files at one commit, through the redirect, verified, and the second load downloads nothing', async () => {
    const { endpoint, commitOf, downloads, log } = await serveRepo();
    const commit = await commitOf('acme/inpaint');
    const cache = memoryCache();
    const progress: BundleProgress[] = [];
    const first = await load({ ref: `https://huggingface.co/acme/inpaint/tree/main`, cache, onProgress: (p) => progress.push(p) });

    expect(first).toMatchObject({ commit, layout: 'diffusers', precision: { unet: 'fp16', vae: 'fp16', text_encoder: 'fp16' }, cache: 'memory', fromCache: [] });
    expect(first.ref).toEqual({ owner: 'acme', name: 'inpaint', revision: 'main' });
    expect(first.files.map((f) => f.path)).toEqual([...METADATA, ...WEIGHTS]);
    expect(first.downloaded).toEqual([...METADATA, ...WEIGHTS]);
    // Each file crossed the wire once, at the pinned commit; weights through the storage host.
    expect(downloads().filter((r) => r.host === 'hub').map((r) => r.url)).toEqual([...METADATA, ...WEIGHTS].map((p) => `/acme/inpaint/resolve/${commit}/${p}`));
    for (const path of WEIGHTS) {
      expect(downloads(path).map((r) => [r.host, r.status])).toEqual([['hub', 302], ['storage', 200]]);
    }
    for (const path of [...METADATA, ...WEIGHTS]) expectSameBytes(await first.source.read(path), await onDisk(path));
    expect(progress[0]!.phase).toBe('manifest');
    const total = first.files.reduce((sum, f) => sum + f.bytes, 0);
    expect(progress.at(-1)).toEqual({ phase: 'ready', loadedBytes: total, totalBytes: total });

    log.length = 0;
    const second = await load({ cache });
    expect(second.downloaded).toEqual([]);
    expect(second.fromCache).toEqual([...METADATA, ...WEIGHTS]);
    expect(log.map((r) => r.kind)).toEqual(['revision', 'tree']);
    expectSameBytes(await second.source.read(UNET), await onDisk(UNET));
    expect(log.map((r) => r.kind)).toEqual(['revision', 'tree']);
  });

  it('resumes a dropped connection with a Range request from the byte where it dropped', async () => {
    const { downloads } = await serveRepo({}, { plan: ({ host, path, index }) => (host === 'storage' && path === UNET && index === 0 ? { dropAfter: 7000 } : undefined) });
    const progress: BundleProgress[] = [];
    const loaded = await load({ cache: memoryCache(), onProgress: (p) => progress.push(p) });
    const unet = await onDisk(UNET);
    expect(downloads(UNET).map((r) => [r.host, r.status, r.rangeStart, r.bytesSent])).toEqual([
      ['hub', 302, undefined, 0],
      ['storage', 200, undefined, 7000],
      ['hub', 302, 7000, 0],
      ['storage', 206, 7000, unet.byteLength - 7000],
    ]);
    expect(progress.some((p) => p.phase === 'retrying' && p.path === UNET && p.fileLoadedBytes === 7000)).toBe(true);
    expectSameBytes(await loaded.source.read(UNET), unet);
  });

  it('refuses weights whose bytes differ from the listed sha256, keeps nothing of them, and gets them on the next load', async () => {
    const { endpoint, commitOf, setPlan } = await serveRepo({}, { plan: ({ host, path }) => (host === 'storage' && path === VAE ? { corrupt: true } : undefined) });
    const cache = memoryCache();
    const commit = await commitOf('acme/inpaint');
    await expect(load({ cache })).rejects.toMatchObject({
      code: 'corrupt-bundle',
      message: expect.stringMatching(new RegExp(`^${VAE.replace(/\./g, '\\.')} from ${endpoint}/acme/inpaint at ${commit.slice(0, 12)} failed its sha256 check`)),
    });
    const vae = createHash('sha256').update(await onDisk(VAE)).digest('hex');
    expect((await cache.list()).map((f) => f.sha256)).not.toContain(vae);
    setPlan(undefined);
    const again = await load({ cache });
    expect(again.downloaded).toEqual([VAE, 'text_encoder/model.fp16.safetensors']);
  });

  it('refuses a small file that does not match its git blob id, before any weights', async () => {
    await serveRepo({}, { plan: ({ host, path }) => (host === 'hub' && path === 'unet/config.json' ? { corrupt: true } : undefined) });
    const cache = memoryCache();
    await expect(load({ cache })).rejects.toMatchObject({
      code: 'corrupt-bundle',
      message: expect.stringMatching(/^unet\/config\.json from .* failed its check against the Hub's listing \(expected git blob [0-9a-f]{12}… of \d+ bytes, got git blob [0-9a-f]{12}…\)/),
    });
    expect(weightRequests()).toEqual([]);
    expect(await cache.list()).toEqual([]);
  });

  it.each<[string, TinyRepoOptions, RegExp]>([
    ['a text-to-image model', { unet: { in_channels: 4 }, modelIndex: { _class_name: 'StableDiffusionPipeline' } }, /^acme\/inpaint is a text-to-image model, not an inpainting model/],
    ['SDXL', { modelIndex: { _class_name: 'StableDiffusionXLInpaintPipeline', text_encoder_2: ['transformers', 'CLIPTextModelWithProjection'] } }, /SDXL is not supported/],
    ['Stable Diffusion 2', { unet: { cross_attention_dim: 1024, attention_head_dim: [5, 10, 20, 20] }, textEncoder: { hidden_size: 1024, hidden_act: 'gelu' } }, /is a Stable Diffusion 2 model/],
  ])('refuses %s before a byte of weights is asked for', async (_, repo, message) => {
    await serveRepo(repo);
    await expect(load({ cache: memoryCache() })).rejects.toMatchObject({ code: 'bundle-mismatch', message: expect.stringMatching(message) });
    expect(weightRequests()).toEqual([]);
  });

  it('says why a repo of pickles cannot be loaded, without downloading them', async () => {
    await serveRepo({ variants: [], files: { 'unet/diffusion_pytorch_model.bin': new Uint8Array(20_000), 'vae/diffusion_pytorch_model.bin': new Uint8Array(20_000), 'text_encoder/pytorch_model.bin': new Uint8Array(20_000) } });
    await expect(load({ cache: memoryCache() })).rejects.toMatchObject({
      code: 'missing-file',
      message: expect.stringMatching(/^acme\/inpaint cannot be loaded: unet has only diffusion_pytorch_model\.bin .* no safetensors: not loadable, ask the publisher for safetensors;/),
    });
    expect(stand.hub.downloads().filter((r) => /\.(bin|safetensors)$/.test(r.path))).toEqual([]);
  });

  it('loads a gated repo with its token, which never reaches the storage host nor a message', async () => {
    const { endpoint, log, setPlan } = await serveRepo({}, { access: { 'acme/inpaint': { token: TOKEN, kind: 'gated' } } });
    await expect(load({ cache: memoryCache() })).rejects.toThrow(`acme/inpaint is a gated model: open ${endpoint}/acme/inpaint, accept its conditions`);
    const loaded = await load({ cache: memoryCache(), token: TOKEN });
    expect(loaded.downloaded).toHaveLength(METADATA.length + WEIGHTS.length);
    expect(log.filter((r) => r.host === 'hub' && r.kind !== 'preflight' && !r.authorized).length).toBe(1); // the tokenless try
    expect(log.filter((r) => r.host === 'storage').every((r) => !r.authorized)).toBe(true);

    // A refusal while downloading is explained too (the repo was gated meanwhile, the token revoked).
    setPlan(({ kind, path }) => (kind === 'resolve' && path === UNET ? { status: 401 } : undefined));
    const error = (await load({ cache: memoryCache(), token: TOKEN }).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'missing-file', message: `The Hub refused the token for acme/inpaint (HTTP 401): it may be expired or lack read access; make a new one at ${endpoint}/settings/tokens.` });
    expect(error.message).not.toContain(TOKEN);
  });

  it('without a cache downloads no weights ahead, and streams them verified when read', async () => {
    await serveRepo({}, { plan: ({ host, path }) => (host === 'storage' && path === VAE ? { corrupt: true } : undefined) });
    const loaded = await load({ cache: noCache('test') });
    expect(loaded.deferred).toEqual([...METADATA, ...WEIGHTS]);
    expect(weightRequests()).toEqual([]);
    expectSameBytes(await loaded.source.read('unet/config.json'), await onDisk('unet/config.json'));
    expectSameBytes(await loaded.source.read(UNET), await onDisk(UNET));
    await expect(loaded.source.read(VAE)).rejects.toMatchObject({ code: 'corrupt-bundle', message: expect.stringMatching(/failed its sha256 check/) });
    // the configs were read once, before the family check, and not again
    expect(stand.hub.downloads('unet/config.json')).toHaveLength(1);
  });

  it('reads configs the Hub keeps in LFS by their sha256, each file once', async () => {
    const { downloads } = await serveRepo({}, { lfsThreshold: 1 });
    const loaded = await load({ cache: memoryCache() });
    expect(loaded.downloaded).toEqual([...METADATA, ...WEIGHTS]);
    for (const path of [...METADATA, ...WEIGHTS]) expect(downloads(path).filter((r) => r.host === 'storage')).toHaveLength(1);
  });

  it("chooses an Optimum ONNX export's files", async () => {
    const onnx = Object.fromEntries(['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'].map((folder) => [`${folder}/model.onnx`, new Uint8Array(3000).fill(7)]));
    await serveRepo({ variants: [], files: { ...onnx, 'unet/model.onnx_data': new Uint8Array(9000) } });
    await rm(repoPath('vae'), { recursive: true });
    const loaded = await load({ cache: memoryCache() });
    expect(loaded.layout).toBe('onnx');
    expect(loaded.files.map((f) => f.path)).toEqual(expect.arrayContaining(['unet/model.onnx', 'unet/model.onnx_data', 'vae_decoder/model.onnx', 'tokenizer/vocab.json']));
  });

  it('refuses a bad reference before any request, and stops when cancelled', async () => {
    await serveRepo();
    await expect(load({ ref: 'acme' })).rejects.toMatchObject({ code: 'bad-input' });
    const controller = new AbortController();
    controller.abort();
    await expect(load({ signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(stand.hub.log).toEqual([]);
  });

  it('picks up a changed file as a new commit', async () => {
    const { commitOf } = await serveRepo();
    const cache = memoryCache();
    const first = await load({ cache });
    await writeFile(repoPath('tokenizer/merges.txt'), '#version: 0.2\nb </w>\n');
    const second = await load({ cache });
    expect(second.commit).toBe(await commitOf('acme/inpaint'));
    expect(second.commit).not.toBe(first.commit);
    expect(second.downloaded).toEqual(['tokenizer/merges.txt']);
    expect(new TextDecoder().decode(await second.source.read('tokenizer/merges.txt'))).toBe('#version: 0.2\nb </w>\n');
  });

  it("loads the project's tiny diffusers repos (test/fixtures/hub-repos) and refuses the two it must", async () => {
    const hub = await stand.serve({ root: fileURLToPath(new URL('../../test/fixtures/hub-repos', import.meta.url)) });
    const outcome = (ref: string) =>
      loadHubRepo({ ref, endpoint: hub.endpoint, cache: memoryCache() }).then(
        (loaded) => `${loaded.layout} ${JSON.stringify(loaded.precision)}`,
        (error: Error) => error.message,
      );
    expect(await outcome('tiny-pp/powerpaint-v1')).toBe('diffusers {"unet":"fp16","vae":"fp16","text_encoder":"fp16"}');
    expect(await outcome('tiny-sd/inpainting-options')).toBe('diffusers {"unet":"fp32","vae":"fp32","text_encoder":"fp32"}');
    expect(await outcome('tiny-sd/inpainting-rare-options')).toBe('diffusers {"unet":"fp32","vae":"fp32","text_encoder":"fp32"}');
    expect(await outcome('tiny-sd/text-to-image')).toMatch(/is a text-to-image model, not an inpainting model/);
    expect(await outcome('tiny-sd/sdxl-like')).toMatch(/SDXL is not supported/);
  });
});
