/**
 * The engine over the Open Inference Protocol against a real server on loopback (KServe's Python
 * ModelServer running the reference bundle's graphs with onnxruntime): every task gives the local wasm
 * engine's pixels, the guided batch of two is one request per step, tensors travel as bytes, sockets are
 * reused; and every way a server can fail becomes an EngineError that says what to do, with the local
 * engine still running afterwards.
 */
import { createServer, type Server } from 'node:http';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleFromDirectory } from '../../models/bundle/directory-source.node.js';
import { EngineError } from '../../models/engine/errors.js';
import { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import { inpaintFullResolution } from '../../models/full-resolution/index.js';
import { oipRuntime, type OipRuntime } from '../../models/runtime/oip/oip-runtime.js';
import { Golden, maxAbsDiff, REFERENCE_BUNDLE_DIR, requestFor, rgbBytes } from '../golden/golden-data.js';
import { freeLoopbackPort, inferClientPorts, startOipServer, type RunningOipServer } from '../oip-server/start-oip-server.js';

const GRAPHS = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'] as const;
const graphPaths = (dir: string) => Object.fromEntries(GRAPHS.map((g) => [g, `${dir}${g}/model.onnx`]));

const golden = new Golden();
let server: RunningOipServer;
let local: PowerPaintEngine;

beforeAll(async () => {
  [server, local] = await Promise.all([startOipServer(graphPaths(REFERENCE_BUNDLE_DIR)), PowerPaintEngine.load(bundleFromDirectory(REFERENCE_BUNDLE_DIR), { backend: 'wasm' })]);
});

afterAll(async () => {
  await Promise.all([server?.stop(), local?.release()]);
});

async function remoteEngine(runtime: OipRuntime): Promise<PowerPaintEngine> {
  return PowerPaintEngine.load(bundleFromDirectory(REFERENCE_BUNDLE_DIR), { runtime });
}

/** Fails with the EngineError the promise rejects with, for its message to be checked. */
async function engineError(promise: Promise<unknown>): Promise<EngineError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EngineError);
  return error as EngineError;
}

describe('the engine through an Open Inference Protocol server', () => {
  it('gives the local wasm pixels for every task and sampler, one request per guided step', async () => {
    const runtime = oipRuntime({ url: server.url });
    const remote = await remoteEngine(runtime);
    expect(remote.backend.backend).toBe('server');
    const cases = golden.cases.filter((c) => c.initialLatents && (c.scheduler === 'ddim' || c.guidance > 1));
    expect(new Set(cases.map((c) => c.task))).toEqual(new Set(['object', 'remove', 'shape', 'outpaint']));
    const portsBefore = inferClientPorts(server.log()).length;
    for (const c of cases) {
      const before = runtime.traffic.of('unet').requests;
      const [viaServer, onDevice] = [await remote.run(requestFor(golden, c)), await local.run(requestFor(golden, c))];
      expect(viaServer.backend).toBe('server');
      // onnxruntime's CPU kernels in Python and in wasm round differently in the last float bits.
      const diff = maxAbsDiff(rgbBytes(viaServer.variations[0]!.image), rgbBytes(onDevice.variations[0]!.image));
      console.log(`${c.name}: server vs local wasm, max byte difference ${diff}`);
      expect(diff, c.name).toBeLessThanOrEqual(1);
      expect(maxAbsDiff(rgbBytes(viaServer.variations[0]!.image), golden.u8(c.image)), c.name).toBeLessThanOrEqual(1);
      // Guidance's negative and positive halves go as one batch of two: one request per step either way.
      expect(runtime.traffic.of('unet').requests - before, c.name).toBe(c.steps);
    }
    // Connections are kept alive: the requests came over a handful of sockets, not one each.
    const ports = inferClientPorts(server.log()).slice(portsBefore);
    console.log(`${ports.length} infer requests over ${new Set(ports).size} connection(s)`);
    expect(ports.length).toBeGreaterThan(100);
    expect(new Set(ports).size).toBeLessThanOrEqual(4);
    await remote.release();
  });

  it('sends a step as raw bytes: the tensors plus a short JSON header, both ways', async () => {
    const runtime = oipRuntime({ url: server.url });
    const remote = await remoteEngine(runtime);
    const c = golden.cases.find((g) => g.name === 'remove-ddim-g7.5')!;
    await remote.run(requestFor(golden, c));
    const size = golden.json.size / remote.manifest.vaeScaleFactor;
    const hidden = golden.shape(c.promptEmbeds).at(-1)!;
    // sample [2, 9, h, w] float32, timestep [2] int64, encoder_hidden_states [2, 77, D] float32; out_sample [2, 4, h, w].
    const tensors = 2 * 9 * size * size * 4 + 2 * 8 + 2 * 77 * hidden * 4 + 2 * 4 * size * size * 4;
    const perStep = runtime.traffic.bytesPerStep;
    console.log(`a guided step at ${golden.json.size} px: ${perStep} bytes both ways, ${tensors} of them tensor data`);
    expect(perStep).toBeGreaterThan(tensors);
    expect(perStep - tensors).toBeLessThan(1024);
    await remote.release();
  });

  it('keeps up to `concurrency` runs in flight on the server, each giving what it gives alone', async () => {
    let inFlight = 0;
    let most = 0;
    const counting: typeof fetch = async (input, init) => {
      most = Math.max(most, ++inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const remote = await remoteEngine(oipRuntime({ url: server.url, concurrency: 3, fetch: counting }));
    const cases = golden.cases.filter((c) => c.initialLatents && c.scheduler === 'ddim' && c.guidance > 1).slice(0, 3);
    const together = await Promise.all(cases.map((c) => remote.run(requestFor(golden, c))));
    expect(most).toBe(3);
    for (const [i, c] of cases.entries()) expect(maxAbsDiff(rgbBytes(together[i]!.variations[0]!.image), golden.u8(c.image)), c.name).toBeLessThanOrEqual(1);
    await remote.release();
  });

  it('runs full-resolution windows on a picture larger than the model (the window path)', async () => {
    const runtime = oipRuntime({ url: server.url });
    const remote = await remoteEngine(runtime);
    const image = golden.image();
    const big = { width: 128, height: 96, data: new Uint8ClampedArray(128 * 96 * 4) };
    for (let y = 0; y < 96; y++) for (let x = 0; x < 128; x++) big.data.set(image.data.subarray(((y % 64) * 64 + (x % 64)) * 4, ((y % 64) * 64 + (x % 64)) * 4 + 4), (y * 128 + x) * 4);
    const mask = { width: 128, height: 96, data: new Uint8Array(128 * 96) };
    for (let y = 40; y < 60; y++) for (let x = 70; x < 100; x++) mask.data[y * 128 + x] = 255;
    const request = { image: big, mask, task: 'remove' as const, steps: 4, guidance: 7.5, seed: 5 };
    const [viaServer, onDevice] = [await inpaintFullResolution(remote, request), await inpaintFullResolution(local, request)];
    expect(maxAbsDiff(viaServer.variations[0]!.image!.data, onDevice.variations[0]!.image!.data)).toBeLessThanOrEqual(1);
    expect(maxAbsDiff(viaServer.variations[0]!.image!.data, big.data)).toBeGreaterThan(0);
    await remote.release();
  });
});

describe('a server that fails', () => {
  const request = () => requestFor(golden, golden.cases.find((g) => g.name === 'remove-ddim-g1')!);

  async function expectLocalStillRuns(): Promise<void> {
    const result = await local.run(request());
    expect(maxAbsDiff(rgbBytes(result.variations[0]!.image), golden.u8(golden.cases.find((g) => g.name === 'remove-ddim-g1')!.image))).toBeLessThanOrEqual(1);
  }

  it('that is down: says it could not be reached and what to do', async () => {
    const port = await freeLoopbackPort();
    const error = await engineError(remoteEngine(oipRuntime({ url: `http://127.0.0.1:${port}` })));
    expect(error.code).toBe('server');
    expect(error.message).toContain(`127.0.0.1:${port} could not be reached (ECONNREFUSED)`);
    expect(error.message).toMatch(/Check that the server is running and its URL, or turn the inference server off/);
    await expectLocalStillRuns();
  });

  it('that stops answering: a timeout, not a hang', async () => {
    const silent = await listen(() => undefined);
    try {
      const error = await engineError(remoteEngine(oipRuntime({ url: silent.url, timeoutMs: 500 })));
      expect(error.message).toContain(`The inference server at ${new URL(silent.url).host} did not answer within 500 ms. Check that the server is running`);
    } finally {
      await silent.close();
    }
    await expectLocalStillRuns();
  });

  it('that answers 401 or 503 (a gateway in front of it): the status, its words and what to do', async () => {
    const gateway = await listen((status) => status);
    try {
      const refused = await engineError(remoteEngine(oipRuntime({ url: `${gateway.url}/401`, token: 'wrong' })));
      expect(refused.message).toContain('answered HTTP 401');
      expect(refused.message).toContain('The server refused the token');
      expect(refused.message).not.toContain('wrong');
      const unavailable = await engineError(remoteEngine(oipRuntime({ url: `${gateway.url}/503` })));
      expect(unavailable.message).toContain('answered HTTP 503 to the metadata of "text_encoder": model is loading');
    } finally {
      await gateway.close();
    }
    await expectLocalStillRuns();
  });

  it('without a model of that name: names it and how to write the repository', async () => {
    const error = await engineError(remoteEngine(oipRuntime({ url: server.url, modelNames: { unet: 'powerpaint_unet' } })));
    expect(error.message).toContain('has no model named "powerpaint_unet"');
    expect(error.message).toContain('npm run powerpaint -- triton-repo');
    await expectLocalStillRuns();
  });

  it('whose graph takes other shapes: the server\'s refusal, and that it must run the same model', async () => {
    // The VAE decoder served as the "unet": its inputs are not the UNet's.
    const wrong = await engineError(remoteEngine(oipRuntime({ url: server.url, modelNames: { unet: 'vae_decoder' } })));
    expect(wrong.code).toBe('bundle-mismatch');
    expect(wrong.message).toContain('unet/model.onnx has no input named "sample", "timestep", "encoder_hidden_states"');
    // Tensors the graph does not take (a UNet fed another model's text states): refused by the server.
    const unet = await oipRuntime({ url: server.url }).create({ model: new Uint8Array(0), externalData: [], outputsOnGpu: false, graph: 'unet' });
    const error = await engineError(
      unet.run({
        sample: new ort.Tensor('float32', new Float32Array(2 * 9 * 8 * 8), [2, 9, 8, 8]),
        timestep: new ort.Tensor('int64', new BigInt64Array(2), [2]),
        encoder_hidden_states: new ort.Tensor('float32', new Float32Array(2 * 77 * 48), [2, 77, 48]),
      }),
    );
    expect(error.code).toBe('server');
    expect(error.message).toMatch(/answered HTTP 400 to unet's request \(inputs sample float32\[2, 9, 8, 8\], timestep int64\[2\], encoder_hidden_states float32\[2, 77, 48\]\)/);
    expect(error.message).toContain('does not take what this model sends, so it is another model. The server must hold the model\'s four graphs');
    await expectLocalStillRuns();
  });
});

/** A loopback HTTP server: `answer` gives a status for the request's first path segment, or nothing to stay silent. */
async function listen(answer: (status: number) => number | undefined): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const status = answer(Number(req.url!.split('/')[1]));
    if (status === undefined) return;
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: status === 503 ? 'model is loading' : 'unauthorized' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
