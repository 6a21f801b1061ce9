/**
 * The plugin window's batch through a team's inference server (the built plugin in the harness): the
 * Model panel's setting runs the tiny model's graphs on a real Open Inference Protocol server on loopback
 * (KServe's Python ModelServer behind a CORS gateway, as a browser client needs), the window says pictures
 * go there, and a batch of two layers places the same pixels as the same batch run on wasm in the window.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentSnapshot } from '../harness/fake-figma/index.js';
import { decodePng } from '../../tools/cli/image/png-codec.js';
import { writeTinyBundle } from '../bundle/write-tiny-bundle.js';
import { startCorsGateway, type CorsGateway } from '../oip-server/cors-gateway.js';
import { startOipServer, type RunningOipServer } from '../oip-server/start-oip-server.js';
import { runCli } from '../cli/run-cli.js';
import { HUB_REPOS_DIR } from '../hub-fixtures/hub-golden.js';
import { imageFillBytesAsync, loadHubCatalogModelAsync, loadTinyModelAsync, pluginUiFrameAsync, RUN_TIMEOUT_MS } from './support/harness-page.js';
import { addTwoPhotosAsync } from './support/two-photos-scene.js';
import { useHarness } from './support/use-harness.js';

const harness = useHarness({ scene: 'empty', page: 'per-file' });
const GRAPHS = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'] as const;
let bundleDir: string;
let server: RunningOipServer;
let gateway: CorsGateway;

beforeAll(async () => {
  // The harness's tiny bundle is test/bundle/tiny-bundle.ts built with its defaults: the server gets the same graphs.
  bundleDir = mkdtempSync(join(tmpdir(), 'pp-oip-tiny-'));
  await writeTinyBundle(bundleDir);
  server = await startOipServer(Object.fromEntries(GRAPHS.map((g) => [g, join(bundleDir, g, 'model.onnx')])));
  gateway = await startCorsGateway(server.url);
});

afterAll(async () => {
  await gateway?.close();
  await server?.stop();
  rmSync(bundleDir, { recursive: true, force: true });
});

/** Two photos, each with a shape over it (the mask a batch finds for each). */
async function buildSceneAsync(): Promise<string[]> {
  const { photoId, otherId } = await addTwoPhotosAsync(
    harness.page,
    { pixels: { width: 96, height: 64 }, frame: { x: 40, y: 40, width: 96, height: 64 }, mask: { x: 70, y: 60, width: 30, height: 20 } },
    { pixels: { width: 64, height: 64 }, frame: { x: 320, y: 40, width: 64, height: 64 }, mask: { x: 340, y: 60, width: 20, height: 24 } },
  );
  return [photoId, otherId];
}

async function snapshotAsync(): Promise<DocumentSnapshot> {
  return harness.page.evaluate(() => window.harness.snapshot());
}

/** Runs the window's batch on the two photos; the placed results' pixels by name and place, then undone (masks back). */
async function runBatchAsync(ui: Frame, photos: string[]): Promise<Map<string, Uint8Array>> {
  await harness.page.evaluate((ids) => window.harness.select(ids), photos);
  await expect.poll(() => ui.locator('[data-testid="source"]').textContent()).toMatch(/2 layers selected/);
  const before = await snapshotAsync();
  await ui.click('[data-testid="run"]:not([disabled])');
  // Each placement says 'done' for a moment; the batch's own line ends it ("Done: 2 of 2 layers placed.").
  await ui.locator('[data-testid="status"][data-state="done"]:has-text("layers placed"), [data-testid="status"][data-state="error"]').waitFor({ timeout: RUN_TIMEOUT_MS });
  expect(await ui.locator('[data-testid="status"]').getAttribute('data-state'), await ui.locator('main').innerText()).toBe('done');
  // 'done' comes with the last result; the plugin places it a message later.
  const placed = async () => (await snapshotAsync()).nodes.filter((node) => !before.nodes.some((old) => old.id === node.id) && node.type === 'RECTANGLE');
  await expect.poll(async () => (await placed()).length).toBe(2);
  const added = await placed();
  const pixels = new Map<string, Uint8Array>();
  // Keyed by where each sits: over its own source.
  for (const node of added) pixels.set(`${node.name} at ${node.x},${node.y}`, decodePng(await imageFillBytesAsync(harness.page, node.id)).data as unknown as Uint8Array);
  await harness.page.evaluate(() => window.harness.undo());
  return pixels;
}

describe('the window on an inference server', () => {
  it('runs a batch of two layers there, says so, and places what the window places on wasm', async () => {
    const photos = await buildSceneAsync();
    await harness.page.evaluate((ids) => window.harness.select(ids), photos);
    await harness.page.evaluate(() => window.harness.runCommand('remove'));
    const ui = await pluginUiFrameAsync(harness.page);
    await ui.locator('[data-testid="advanced"] summary').click();
    await ui.fill('[data-testid="seed"]', '4321');
    await ui.locator('[data-testid="seed"]').press('Tab');
    await ui.locator('[data-testid="advanced"] summary').click();
    // Off by default: nothing says pictures leave.
    await loadTinyModelAsync(ui);
    expect(await ui.locator('[data-testid="server-notice"]').count()).toBe(0);
    const onDevice = await runBatchAsync(ui, photos);

    await ui.locator('[data-testid="model-panel"] summary').click();
    expect(await ui.locator('[data-testid="model-server-on"]').isChecked()).toBe(false);
    await ui.check('[data-testid="model-server-on"]');
    await ui.fill('[data-testid="model-server-url"]', gateway.url);
    await ui.fill('[data-testid="model-server-token"]', 'team-token');
    expect(await ui.locator('[data-testid="model-server-jobs"]').inputValue()).toBe('4');
    // The harness build names no server: the panel says what Figma would need.
    expect(await ui.locator('[data-testid="model-server-hint"]').innerText()).toContain(`POWERPAINT_INFERENCE_SERVER=${gateway.url}`);
    await ui.click('[data-testid="model-load"]');
    await ui.locator('[data-testid="model-status"][data-state="ready"], [data-testid="model-status"][data-state="error"]').waitFor({ timeout: RUN_TIMEOUT_MS });
    expect(await ui.locator('[data-testid="model-status"]').getAttribute('data-state'), await ui.locator('[data-testid="model-status"]').innerText()).toBe('ready');
    const host = new URL(gateway.url).host;
    expect(await ui.locator('[data-testid="engine-name"]').innerText()).toContain(`on the inference server at ${host}`);
    await ui.locator('[data-testid="model-panel"] summary').click();
    expect(await ui.locator('[data-testid="server-notice"]').innerText()).toContain(`Pictures and prompts are sent to the inference server at ${host}`);

    // A batch keeps "Layers at once" (4 unless changed) on the server: both jobs go out before either is placed.
    await ui.evaluate(() => {
      const seen: string[] = [];
      (globalThis as unknown as { pluginSaid: string[] }).pluginSaid = seen;
      window.addEventListener('message', (event) => {
        const type = (event.data as { pluginMessage?: { type?: string } })?.pluginMessage?.type;
        if (type === 'job' || type === 'result-placed') seen.push(type);
      });
    });
    const inferBefore = gateway.requests.filter((r) => r.path.endsWith('/infer')).length;
    const viaServer = await runBatchAsync(ui, photos);
    const said = await ui.evaluate(() => (globalThis as unknown as { pluginSaid: string[] }).pluginSaid);
    expect(said.slice(0, 2), said.join(', ')).toEqual(['job', 'job']);
    const infers = gateway.requests.filter((r) => r.path.endsWith('/infer')).slice(inferBefore);
    expect(infers.filter((r) => r.path === '/v2/models/unet/infer').length).toBeGreaterThan(0);
    expect(new Set(infers.map((r) => r.authorization))).toEqual(new Set(['Bearer team-token']));

    // The panel counts the server's traffic: every request, and the bytes of one guided step.
    await ui.locator('[data-testid="model-panel"] summary').click();
    const traffic = /^Inference server traffic so far: (\d+) requests, .* sent, .* received; ([\d.]+) KB a denoising step$/.exec(await ui.locator('[data-testid="model-server-traffic"]').innerText());
    expect(traffic).not.toBeNull();
    expect(Number(traffic![1])).toBe(infers.length);
    expect(Number(traffic![2])).toBeGreaterThan(0);
    await ui.locator('[data-testid="model-panel"] summary').click();
    expect([...viaServer.keys()].sort()).toEqual([...onDevice.keys()].sort());
    // The model painted: each result differs from its source photo (same size: a whole layer over it).
    for (const [id, at] of [[photos[0]!, '40,40'], [photos[1]!, '320,40']] as const) {
      const source = decodePng(await imageFillBytesAsync(harness.page, id)).data;
      const result = [...viaServer].find(([key]) => key.endsWith(` at ${at}`))![1];
      expect(result.length).toBe(source.length);
      expect(result.some((value, j) => value !== source[j])).toBe(true);
    }
    for (const [name, pixels] of viaServer) {
      const local = onDevice.get(name)!;
      expect(pixels.length, name).toBe(local.length);
      let most = 0;
      for (let i = 0; i < pixels.length; i++) most = Math.max(most, Math.abs(pixels[i]! - local[i]!));
      console.log(`${name}: server vs wasm in the window, max byte difference ${most}`);
      expect(most, name).toBeLessThanOrEqual(1);
    }
  });

  // Figma's null-origin window: no storage, so the repo's files stream as read and the engine reads no weight.
  // (A hosted window with a cache is told to keep nothing ahead either: ui/state/use-model.ts; not run here.)
  it('loads a Hub repo for the server without downloading its weights (the graphs are there)', async () => {
    // The catalog's PowerPaint v1 is the harness Hub's tiny-pp repo: its repository, written as a team would.
    const repo = mkdtempSync(join(tmpdir(), 'pp-oip-repo-'));
    const written = await runCli(['triton-repo', '--model', `${HUB_REPOS_DIR}tiny-pp/powerpaint-v1`, '--out', join(repo, 'r'), '--precision', 'fp32']);
    expect(written.code, written.stderr).toBe(0);
    const served = await startOipServer(Object.fromEntries(GRAPHS.map((g) => [g, join(repo, 'r', g, '1', 'model.onnx')])));
    const front = await startCorsGateway(served.url);
    try {
      await harness.page.evaluate(() => window.harness.runCommand('open'));
      const ui = await pluginUiFrameAsync(harness.page);
      await ui.locator('[data-testid="model-panel"] summary').click();
      await ui.check('[data-testid="model-server-on"]');
      await ui.fill('[data-testid="model-server-url"]', front.url);
      await ui.locator('[data-testid="model-panel"] summary').click();
      const since = harness.server.hub.log.length;
      await loadHubCatalogModelAsync(ui, 'powerpaint-v1');
      expect(await ui.locator('[data-testid="engine-name"]').innerText()).toContain(`on the inference server at ${new URL(front.url).host}`);
      const fetched = harness.server.hub.log.slice(since).filter((r) => r.kind === 'resolve' || r.kind === 'storage').map((r) => r.path);
      expect(fetched.length).toBeGreaterThan(0);
      expect(fetched.filter((path) => path.endsWith('.safetensors'))).toEqual([]);
      await ui.click('[data-testid="model-unload"]').catch(() => undefined);
    } finally {
      await front.close();
      await served.stop();
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
