/**
 * The bundle loader in Chromium: OPFS, Cache Storage and IndexedDB each keep a downloaded bundle, so
 * the second load (after a reload) fetches no model file; OPFS resumes a download a closed window
 * left; a sandboxed srcdoc iframe (Figma's null origin) finds no storage, says so with the folder and
 * hosted-UI advice, and still runs a whole inpainting with ORT's wasm passed as verified bytes (ORT's
 * .mjs files are not even served); a folder picked with <input webkitdirectory> loads and runs.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORT_WASM } from '../../models/bundle/ort-assets.js';
import { buildTinyBundle } from '../bundle/tiny-bundle.js';
import { writeTinyBundle } from '../bundle/write-tiny-bundle.js';
import { startFlakyServer, type FlakyServer, type Misbehaviour, type RequestInfo } from '../bundle-server/flaky-server.js';
import { launchChromium } from './support/chromium.js';

const ORT_DIST = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist/', import.meta.url));

let server: FlakyServer;
let browser: Browser;
let page: Page;
let folder: string;
let plan: ((r: RequestInfo) => Misbehaviour | undefined) | undefined;

type Api = Record<string, (config: unknown) => Promise<unknown>>;

function call<T>(on: Page | Frame, name: string, config: unknown): Promise<T> {
  return on.evaluate(([n, c]) => (globalThis as unknown as { bundlePage: Api }).bundlePage[n as string]!(c), [name, config] as const) as Promise<T>;
}

beforeAll(async () => {
  const script = await build({
    entryPoints: [fileURLToPath(new URL('./bundle-page/bundle-page.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const pageFiles = new Map<string, Uint8Array | string>([
    [
      'index.html',
      '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><input type="file" id="folder" webkitdirectory multiple>' +
        '<script type="module" src="bundle-page.js"></script>',
    ],
    ['bundle-page.js', script.outputFiles[0]!.contents],
  ]);
  // Only the pinned .wasm: if ORT tried to fetch its .mjs glue, the request would 404 and show in the log.
  const ort = new Map([[ORT_WASM.default.path, new Uint8Array(await readFile(join(ORT_DIST, ORT_WASM.default.path)))]]);
  server = await startFlakyServer({
    mounts: [
      { at: '/page', files: pageFiles },
      { at: '/tiny', files: await buildTinyBundle() },
      { at: '/ort', files: ort },
    ],
    plan: (r) => plan?.(r),
  });
  folder = await mkdtemp(join(tmpdir(), 'powerpaint-folder-'));
  await writeTinyBundle(join(folder, 'powerpaint-tiny'));
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && console.log('[page]', m.text()));
  await open(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function open(on: Page) {
  await on.goto(`${server.origin}/page/index.html`);
  await on.waitForFunction(() => 'bundlePage' in globalThis);
}

const bundleUrl = () => `${server.origin}/tiny/`;
const since = (mark: number) => server.log.slice(mark);
const onnxRequests = (mark: number) => since(mark).filter((r) => r.path.endsWith('.onnx'));

interface LoadResult {
  kind: string;
  downloaded?: string[];
  fromCache?: string[];
  bytes?: number;
  usage?: { files: number; bytes: number };
  error?: string;
}

describe('in a normal http://127.0.0.1 page', () => {
  it.each(['opfs', 'cache-storage', 'indexeddb'] as const)('%s keeps the bundle: the second load after a reload fetches no model file', async (kind) => {
    plan = undefined;
    let mark = server.log.length;
    const first = await call<LoadResult>(page, 'cachedLoad', { bundleUrl: bundleUrl(), prefer: [kind], clear: true });
    expect(first.error).toBeUndefined();
    expect(first.kind).toBe(kind);
    expect(first.downloaded).toHaveLength(6);
    expect(onnxRequests(mark)).toHaveLength(4);
    expect(first.usage!.files).toBe(6);

    await open(page); // a new session of the same origin
    mark = server.log.length;
    const second = await call<LoadResult>(page, 'cachedLoad', { bundleUrl: bundleUrl(), prefer: [kind] });
    expect(second).toMatchObject({ kind, downloaded: [], bytes: first.bytes });
    expect(second.fromCache).toHaveLength(6);
    expect(onnxRequests(mark)).toEqual([]);
    expect(since(mark).map((r) => r.path)).toEqual(['/tiny/powerpaint.json']);

    expect(await call(page, 'clearCache', [kind])).toEqual({ files: 0, bytes: 0 });
  });

  it('OPFS resumes, in a new session, a download a dropped connection stopped', async () => {
    await call(page, 'clearCache', ['opfs']);
    const mark = server.log.length;
    let drops = 1;
    plan = ({ path }) => (path === '/tiny/unet/model.onnx' && drops-- > 0 ? { dropAfter: 3000 } : undefined);
    const failed = await call<LoadResult>(page, 'cachedLoad', { bundleUrl: bundleUrl(), prefer: ['opfs'], retries: 0 });
    expect(failed.error).toMatch(/Downloading unet\/model\.onnx from .* failed 1 times in a row .*bytes already received are kept/);
    const dropped = since(mark).filter((r) => r.path === '/tiny/unet/model.onnx');
    expect(dropped).toHaveLength(1);

    await open(page);
    plan = undefined;
    const resumed = await call<LoadResult>(page, 'cachedLoad', { bundleUrl: bundleUrl(), prefer: ['opfs'] });
    expect(resumed.error).toBeUndefined();
    const unet = since(mark).filter((r) => r.path === '/tiny/unet/model.onnx');
    expect(unet).toHaveLength(2);
    expect(unet[1]).toMatchObject({ status: 206, rangeStart: dropped[0]!.bytesSent });
    expect(resumed.downloaded).toEqual(['unet/model.onnx', 'vae_decoder/model.onnx', 'vae_encoder/model.onnx']);
    await call(page, 'clearCache', ['opfs']);
  });

  it('a folder picked with <input webkitdirectory> loads and runs', async () => {
    await open(page);
    await page.setInputFiles('#folder', join(folder, 'powerpaint-tiny'));
    const result = await call<{ label: string; files: number; paths: string[]; pixels: number }>(page, 'folderRun', { ortBaseUrl: `${server.origin}/ort/` });
    expect(result.label).toBe('folder powerpaint-tiny');
    expect(result.files).toBe(7);
    expect(result.paths).toContain('unet/model.onnx');
    expect(result.pixels).toBe(64 * 64 * 4);
  });
});

describe('in a sandboxed srcdoc iframe (null origin, as Figma runs plugin UIs)', () => {
  it('reports that no storage works, with the folder and hosted-UI advice, and still runs from the network with the pinned ORT wasm', async () => {
    plan = undefined;
    const frame = await sandboxedFrame();
    const mark = server.log.length;
    const result = await call<{
      origin: string;
      nullOrigin: boolean;
      secureContext: boolean;
      kind: string;
      description: string;
      tried: { kind: string; ok: boolean; reason?: string }[];
      advice: string;
      deferred: number;
      pixels: number;
    }>(frame, 'nullOriginRun', { bundleUrl: bundleUrl(), ortBaseUrl: `${server.origin}/ort/` });
    expect(result).toMatchObject({ origin: 'null', nullOrigin: true, kind: 'none', deferred: 6, pixels: 64 * 64 * 4 });
    expect(result.tried.map((t) => [t.kind, t.ok])).toEqual([['opfs', false], ['cache-storage', false], ['indexeddb', false]]);
    for (const t of result.tried) expect(t.reason).toMatch(/^SecurityError: .*(sandboxed|denied)/);
    expect(result.description).toMatch(/no cache: this window has a null origin/);
    expect(result.advice).toMatch(/origin is "null".*Load from folder.*hosted UI/);
    // ORT got its wasm as bytes: the pinned .wasm was fetched once, no .mjs and nothing else from /ort/.
    expect(since(mark).filter((r) => r.path.startsWith('/ort/')).map((r) => [r.path, r.status])).toEqual([[`/ort/${ORT_WASM.default.path}`, 200]]);
  });
});

async function sandboxedFrame(): Promise<Frame> {
  await open(page);
  const src = `${server.origin}/page/bundle-page.js`;
  await page.evaluate((scriptSrc) => {
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.name = 'plugin-ui';
    iframe.srcdoc = `<!doctype html><meta charset="utf-8"><script type="module" src="${scriptSrc}"></script>`;
    document.body.append(iframe);
  }, src);
  const frame = await waitForFrame(page, 'plugin-ui');
  await frame.waitForFunction(() => 'bundlePage' in globalThis);
  return frame;
}

async function waitForFrame(on: Page, name: string): Promise<Frame> {
  for (let i = 0; i < 100; i++) {
    const frame = on.frame({ name });
    if (frame) return frame;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no frame ${name}`);
}
