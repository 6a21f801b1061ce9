/**
 * `npm run powerpaint -- run --server URL` against a real Open Inference Protocol server on loopback
 * (KServe's Python ModelServer running the reference bundle's graphs): a folder fans out over the server,
 * each picture equal to the same command's local run; a picture that fails does not stop the rest; the
 * summary gives images per minute and the bytes the server traffic cost.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOLDEN_DIR, maxAbsDiff, REFERENCE_BUNDLE_DIR } from '../golden/golden-data.js';
import { readPng, useTempDirs } from '../cli/cli-files.js';
import { runCli } from '../cli/run-cli.js';
import { freeLoopbackPort, startOipServer, type RunningOipServer } from '../oip-server/start-oip-server.js';
import { HUB_REPOS_DIR } from '../hub-fixtures/hub-golden.js';
import { startHubStandIn } from '../hub-server/hub-stand-in.js';

const GRAPHS = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'] as const;
const tempDir = useTempDirs();
let server: RunningOipServer;

beforeAll(async () => {
  server = await startOipServer(Object.fromEntries(GRAPHS.map((g) => [g, `${REFERENCE_BUNDLE_DIR}${g}/model.onnx`])));
});

afterAll(async () => {
  await server?.stop();
});

/** `names` as copies of the golden picture, with the box mask for `masked` only. */
function batchFolders(names: string[], masked: string[]) {
  const root = tempDir();
  const [input, masks] = ['input', 'masks'].map((name) => join(root, name)) as [string, string];
  mkdirSync(input);
  mkdirSync(masks);
  for (const name of names) copyFileSync(`${GOLDEN_DIR}image.png`, join(input, name));
  for (const name of masked) copyFileSync(`${GOLDEN_DIR}mask-box.png`, join(masks, name));
  return { input, masks, root };
}

describe('run --server', () => {
  it('runs a folder up to N at once on the server, each picture as a local run makes it, a failed one alone', async () => {
    const names = ['a.png', 'b.png', 'c.png', 'd.png', 'e.png'];
    const { input, masks, root } = batchFolders(names, ['a.png', 'b.png', 'd.png', 'e.png']);
    const common = ['run', '--model', REFERENCE_BUNDLE_DIR, '--task', 'remove', '--steps', '3', '--guidance', '7.5', '--seed', '11', '--input-dir', input, '--mask-dir', masks];
    const remote = await runCli([...common, '--output-dir', join(root, 'remote'), '--server', server.url, '--server-token', 'secret-token', '--concurrency', '3']);
    expect(remote.code, remote.stderr).toBe(3);
    expect(remote.stderr).toContain(`pictures are sent to the inference server at 127.0.0.1:${server.port}, up to 3 at once`);
    expect(remote.stderr).toContain(`failed c.png: there is no mask ${join(masks, 'c.png')}.`);
    expect(remote.stderr).toMatch(/^batch: 4 done, 1 failed, of 5 in .+ \(\d+\.\d images\/min, up to 3 at once\)$/m);
    // 4 pictures × (3 UNet steps, VAE encoder, decoder), and the prompts once per picture in flight before
    // the text cache held them (1 to 3): the traffic line counts every request.
    const traffic = /^server: (\d+) requests, [\d.]+ [KM]B sent, [\d.]+ [KM]B received; ([\d.]+) KB a denoising step$/m.exec(remote.stderr);
    expect(traffic, remote.stderr).not.toBeNull();
    expect(Number(traffic![1])).toBeGreaterThanOrEqual(21);
    expect(Number(traffic![1])).toBeLessThanOrEqual(23);
    expect(Number(traffic![2])).toBeCloseTo(26.9, 0);
    expect(remote.stderr).not.toContain('secret-token');

    const local = await runCli([...common, '--output-dir', join(root, 'local'), '--runtime', 'wasm']);
    expect(local.code, local.stderr).toBe(3);
    expect(readdirSync(join(root, 'remote')).sort()).toEqual(['a.png', 'b.png', 'd.png', 'e.png']);
    for (const name of ['a.png', 'b.png', 'd.png', 'e.png']) {
      const [viaServer, onDevice] = [readPng(join(root, 'remote', name)), readPng(join(root, 'local', name))];
      expect(maxAbsDiff(viaServer.data, onDevice.data), name).toBeLessThanOrEqual(1);
    }
  });

  it('stops a fan-out at Ctrl-C: none started after it, those in flight cancelled, the summary so far, 130', async () => {
    const names = ['a.png', 'b.png', 'c.png', 'd.png', 'e.png', 'f.png'];
    const { input, masks, root } = batchFolders(names, names);
    const stop = new AbortController();
    const run = await runCli(
      ['run', '--model', REFERENCE_BUNDLE_DIR, '--task', 'remove', '--steps', '4', '--seed', '3', '--input-dir', input, '--mask-dir', masks, '--output-dir', join(root, 'out'), '--server', server.url, '--concurrency', '2'],
      {},
      { signal: stop.signal, onStdout: () => stop.abort() },
    );
    expect(run.code).toBe(130);
    const summary = /^batch: (\d+) done, 0 failed, stopped with (\d+) not run, of 6 /m.exec(run.stderr);
    expect(summary, run.stderr).not.toBeNull();
    const written = readdirSync(join(root, 'out'));
    expect(written.length).toBe(Number(summary![1]));
    expect(Number(summary![1]) + Number(summary![2])).toBe(6);
    expect(Number(summary![2])).toBeGreaterThanOrEqual(4);
  });

  it('says the server cannot be reached and what to do, before any picture runs', async () => {
    const { input, masks, root } = batchFolders(['a.png', 'b.png'], ['a.png', 'b.png']);
    const down = await freeLoopbackPort();
    const run = await runCli(['run', '--model', REFERENCE_BUNDLE_DIR, '--task', 'remove', '--steps', '1', '--input-dir', input, '--mask-dir', masks, '--output-dir', join(root, 'out'), '--server', `http://127.0.0.1:${down}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`powerpaint: The inference server at 127.0.0.1:${down} could not be reached (ECONNREFUSED). Check that the server is running`);
  });

  it('reads only a Hub repo\'s small files when its graphs are on the server (no weights downloaded)', async () => {
    const root = tempDir();
    const repoDir = join(root, 'repo');
    expect((await runCli(['triton-repo', '--model', `${HUB_REPOS_DIR}tiny-pp/powerpaint-v1`, '--out', repoDir, '--precision', 'fp32'])).code).toBe(0);
    const served = await startOipServer(Object.fromEntries(GRAPHS.map((g) => [g, join(repoDir, g, '1', 'model.onnx')])));
    const hub = await startHubStandIn({ root: HUB_REPOS_DIR });
    try {
      const args = ['run', '--model', 'hf:tiny-pp/powerpaint-v1', '--task', 'remove', '--steps', '2', '--seed', '5', '--image', `${GOLDEN_DIR}image.png`, '--mask', `${GOLDEN_DIR}mask-box.png`];
      const remote = await runCli([...args, '--out', join(root, 'remote.png'), '--server', served.url], { HF_ENDPOINT: hub.endpoint });
      expect(remote.code, remote.stderr).toBe(0);
      expect(hub.downloads().map((d) => d.path).filter((path) => path.endsWith('.safetensors'))).toEqual([]);
      const local = await runCli([...args, '--out', join(root, 'local.png'), '--runtime', 'wasm', '--cache-dir', join(root, 'cache')], { HF_ENDPOINT: hub.endpoint });
      expect(local.code, local.stderr).toBe(0);
      expect(maxAbsDiff(readPng(join(root, 'remote.png')).data, readPng(join(root, 'local.png')).data)).toBeLessThanOrEqual(1);
    } finally {
      await Promise.all([hub.close(), served.stop()]);
    }
  });

  it('refuses --server with what it cannot do, before loading anything', async () => {
    const base = ['run', '--model', REFERENCE_BUNDLE_DIR, '--task', 'remove', '--image', 'in.png', '--mask', 'm.png', '--out', 'o.png'];
    expect((await runCli([...base, '--concurrency', '2'])).stderr).toContain('--concurrency goes with --server URL.');
    expect((await runCli([...base, '--server', server.url, '--runtime', 'wasm'])).stderr).toContain('--runtime picks this machine\'s runtime');
    expect((await runCli([...base, '--server', server.url, '--lora', './x'])).stderr).toContain('write its repository with the LoRA fused');
    expect((await runCli([...base, '--server', 'gpu-host:8000'])).stderr).toContain('"gpu-host:8000" is not an http(s) URL');
  });
});
