import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildTinyBundle } from '../../test/bundle/tiny-bundle.js';
import { startFlakyServer, type FlakyServer, type Misbehaviour, type RequestInfo } from '../../test/bundle-server/flaky-server.js';
import { gradientImage, rectMask } from '../../test/engine/fixtures-pixels.js';
import { PowerPaintEngine } from '../engine/powerpaint-engine.js';
import { cacheUsage, memoryCache, noCache } from './bundle-cache.js';
import { bundleFromFiles } from './bundle-source.js';
import { bundleFromFolder, type FolderFile } from './folder-source.js';
import type { ByteOrigin } from './byte-origin.js';
import { sha256Hex } from './verify-file.js';
import { cachedPart, forgetBundle, loadBundle, loadFiles, type BundleProgress } from './load-bundle.js';

let server: FlakyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serveTiny(plan?: (r: RequestInfo) => Misbehaviour | undefined) {
  const files = await buildTinyBundle();
  server = await startFlakyServer({ mounts: [{ at: '/tiny', files }], ...(plan ? { plan } : {}) });
  return { files, url: `${server.origin}/tiny/` };
}

const modelRequests = () => server!.log.filter((r) => r.path.endsWith('.onnx'));

describe('loadBundle from a URL', () => {
  it('downloads into the cache with progress, and the second load reads no model file from the network', async () => {
    const { files, url } = await serveTiny(({ path, index }) => (path.endsWith('unet/model.onnx') && index === 0 ? { dropAfter: 5000 } : undefined));
    const cache = memoryCache();
    const progress: BundleProgress[] = [];
    const first = await loadBundle({ from: url, cache, onProgress: (p) => progress.push(p), sleep: async () => undefined });
    expect(first.downloaded).toHaveLength(6);
    expect(first.fromCache).toEqual([]);
    expect(progress[0]!.phase).toBe('manifest');
    expect(progress.some((p) => p.phase === 'retrying' && p.path === 'unet/model.onnx')).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'ready', loadedBytes: progress.at(-1)!.totalBytes });
    const total = [...files].filter(([p]) => p !== 'powerpaint.json').reduce((s, [, b]) => s + b.byteLength, 0);
    expect(progress.at(-1)!.totalBytes).toBe(total);
    expect(await cacheUsage(cache)).toEqual({ files: 6, bytes: total });
    // resumed, not restarted: the UNet's bytes crossed the wire once
    const unet = server!.log.filter((r) => r.path.endsWith('unet/model.onnx'));
    expect(unet.map((r) => r.status)).toEqual([200, 206]);
    expect(unet[0]!.bytesSent + unet[1]!.bytesSent).toBe(files.get('unet/model.onnx')!.byteLength);

    server!.log.length = 0;
    const second = await loadBundle({ from: url, cache });
    expect(second.fromCache).toHaveLength(6);
    expect(second.downloaded).toEqual([]);
    expect(server!.log.map((r) => r.path)).toEqual(['/tiny/powerpaint.json']);

    // The engine runs from the cached bytes without touching the network.
    const engine = await PowerPaintEngine.load(second.source, { verify: false });
    try {
      const result = await engine.run({ image: gradientImage(64, 64), mask: rectMask(64, 64, 8, 8, 40, 40), task: 'remove', steps: 2, seed: 1 });
      expect(result.variations).toHaveLength(1);
    } finally {
      await engine.release();
    }
    expect(server!.log.map((r) => r.path)).toEqual(['/tiny/powerpaint.json']);
    expect(await cachedPart(second.manifest, cache)).toMatchObject({ cachedBytes: total, missing: [] });
  });

  it('a stalled download says how long the host has been silent, with no frozen time left, then resumes', async () => {
    // An origin that sends 5,000 bytes, then nothing on that connection; the watchdog runs on a fake clock.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const bytes = new Uint8Array(12_000).map((_, i) => (i * 7) % 251);
      const entry = { path: 'unet/model.onnx', bytes: bytes.byteLength, sha256: await sha256Hex(bytes) };
      let silent!: () => void;
      const stalled = new Promise<void>((resolve) => (silent = resolve));
      const origin: ByteOrigin = {
        label: 'a host that goes silent',
        async open(_path, offset, signal) {
          let sent = offset;
          const body = new ReadableStream<Uint8Array>(
            {
              // As fetch's body does, the stream fails when its request is aborted (the watchdog's drop).
              start(controller) {
                signal.addEventListener('abort', () => controller.error(signal.reason));
              },
              pull(controller) {
                // The first connection hangs once its 5,000 bytes were read: a pull that never answers.
                if (offset === 0 && sent >= 5000) return new Promise<void>(() => silent());
                if (sent >= bytes.byteLength) return controller.close();
                const end = offset === 0 ? 5000 : bytes.byteLength;
                controller.enqueue(bytes.slice(sent, end));
                sent = end;
              },
            },
            { highWaterMark: 0 },
          );
          return { start: offset, body };
        },
      };
      const progress: BundleProgress[] = [];
      const loading = loadFiles({ origin, files: [entry], cache: memoryCache(), sleep: async () => undefined, onProgress: (p) => progress.push(p) });
      await stalled;
      await vi.advanceTimersByTimeAsync(10_000);
      // Before: the last word was "downloading", with the time left of the bytes before the silence.
      expect(progress.at(-1)).toMatchObject({ phase: 'stalled', fileLoadedBytes: 5000, quiet: { silentMs: 10_000, dropInMs: 20_000 } });
      expect(progress.at(-1)!.etaMs).toBeUndefined();
      await vi.advanceTimersByTimeAsync(20_000);
      expect((await loading).downloaded).toEqual(['unet/model.onnx']);
      expect(progress.find((p) => p.phase === 'retrying')).toMatchObject({ fileLoadedBytes: 5000, retry: { reason: 'no data for 30 s after 5000 of 12000 bytes' } });
      expect(progress.find((p) => p.phase === 'retrying')!.etaMs).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('starts offline from the cached manifest when the host is gone', async () => {
    const { url } = await serveTiny();
    const cache = memoryCache();
    await loadBundle({ from: url, cache });
    await server!.close();
    server = undefined;
    const offline = await loadBundle({ from: url, cache, sleep: async () => undefined });
    expect(offline.offline).toMatch(/could not be reached .* using the manifest cached at the last load/);
    expect(offline.fromCache).toHaveLength(6);
  });

  it('a corrupted model fails with a clear message and is not cached; the next try downloads it again', async () => {
    const { url } = await serveTiny(({ path, index }) => (path.endsWith('vae_decoder/model.onnx') && index === 0 ? { corruptAt: 300 } : undefined));
    const cache = memoryCache();
    await expect(loadBundle({ from: url, cache })).rejects.toMatchObject({
      code: 'corrupt-bundle',
      message: expect.stringMatching(/^vae_decoder\/model\.onnx from http:\/\/127\.0\.0\.1:\d+\/tiny\/ failed its sha256 check/),
    });
    expect((await cache.list()).length).toBeLessThan(6);
    const again = await loadBundle({ from: url, cache });
    expect(again.downloaded).toEqual(['vae_decoder/model.onnx', 'vae_encoder/model.onnx']);
  });

  it('without a cache, streams and verifies each file when the engine reads it', async () => {
    const { url } = await serveTiny(({ path }) => (path.endsWith('unet/model.onnx') ? { corruptAt: 10 } : undefined));
    const loaded = await loadBundle({ from: url, cache: noCache('test') });
    expect(loaded.deferred).toHaveLength(6);
    expect(modelRequests()).toEqual([]);
    await expect(loaded.source.read('text_encoder/model.onnx')).resolves.toBeInstanceOf(Uint8Array);
    await expect(PowerPaintEngine.load(loaded.source, { verify: false })).rejects.toMatchObject({
      code: 'corrupt-bundle',
      message: expect.stringMatching(/unet\/model\.onnx from .* failed its sha256 check/),
    });
  });

  it('refuses a manifest other than the pinned one', async () => {
    const { url } = await serveTiny();
    await expect(loadBundle({ from: url, manifestSha256: '0'.repeat(64) })).rejects.toMatchObject({ code: 'bundle-mismatch', message: expect.stringMatching(/not the pinned version/) });
  });

  it('forgetBundle removes its files from the cache', async () => {
    const { url } = await serveTiny();
    const cache = memoryCache();
    const { manifest } = await loadBundle({ from: url, cache });
    await forgetBundle(manifest, cache);
    expect(await cacheUsage(cache)).toEqual({ files: 0, bytes: 0 });
  });
});

describe('loadBundle from a picked folder', () => {
  /** As `<input webkitdirectory>` gives them: paths start with the picked folder's name. */
  async function pickedFolder(prefix: string): Promise<File[]> {
    const files = await buildTinyBundle();
    return [...files].map(([path, bytes]) => {
      const file = new File([bytes as Uint8Array<ArrayBuffer>], path.split('/').pop()!);
      Object.defineProperty(file, 'webkitRelativePath', { value: `${prefix}${path}` });
      return file;
    });
  }

  it('finds the bundle root by its powerpaint.json (the bundle folder or the folder above it) and loads', async () => {
    for (const prefix of ['powerpaint-tiny/', 'models/powerpaint-tiny/']) {
      const folder = bundleFromFolder(await pickedFolder(prefix));
      expect(folder.label).toBe(`folder ${prefix.replace(/\/$/, '')}`);
      const loaded = await loadBundle({ from: folder, cache: memoryCache() });
      expect(loaded.downloaded).toHaveLength(6);
      const engine = await PowerPaintEngine.load(loaded.source, { verify: false });
      await engine.release();
    }
  });

  it('takes an ONNX export without powerpaint.json as a model folder, and says what to pick otherwise', async () => {
    const files = (await pickedFolder('export/')).filter((f) => !f.name.endsWith('powerpaint.json'));
    const folder = bundleFromFolder(files);
    expect(folder.label).toBe('folder export');
    expect(folder.listing?.map((f) => f.path)).toContain('unet/model.onnx');
    const stray = files.filter((f) => f.webkitRelativePath.includes('tokenizer/'));
    expect(() => bundleFromFolder(stray)).toThrow(/export holds no model: pick the folder with powerpaint\.json/);
    expect(() => bundleFromFolder([])).toThrow(/picked folder is empty/);
  });

  it('takes FolderFile entries (a drop) and a damaged file fails its check', async () => {
    const files = await buildTinyBundle();
    const entries: FolderFile[] = [...files].map(([path, bytes]) => {
      const copy = new Uint8Array(bytes);
      if (path === 'text_encoder/model.onnx') copy[5]! ^= 1;
      return { path: `dropped/${path}`, file: new Blob([copy]) };
    });
    await expect(loadBundle({ from: entries, cache: memoryCache() })).rejects.toMatchObject({
      message: expect.stringMatching(/^text_encoder\/model\.onnx from folder dropped failed its sha256 check/),
    });
  });
});

describe('loadBundle from any BundleSource', () => {
  it('takes the in-memory tiny bundle', async () => {
    const loaded = await loadBundle({ from: bundleFromFiles(await buildTinyBundle(), 'tiny'), cache: memoryCache() });
    expect(loaded.manifest.family).toBe('powerpaint-v1');
    expect(new TextDecoder().decode(await loaded.source.read('powerpaint.json'))).toMatch(/"family"/);
  });
});
