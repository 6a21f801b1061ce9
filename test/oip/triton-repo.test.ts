/**
 * `npm run powerpaint -- triton-repo`: the repository it writes, checked against the graphs themselves
 * (each `1/model.onnx` opened by onnxruntime with its external data from the folder; config.pbtxt's
 * names, types and dims against the session's own inputs and outputs), for an ONNX bundle and for a
 * diffusers repo whose graphs are built here; then served by a real Open Inference Protocol server,
 * where the engine gives the local pixels.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOnnxIo } from '../../models/bundle/onnx-io.js';
import { bundleFromDirectory } from '../../models/bundle/directory-source.node.js';
import { PowerPaintEngine } from '../../models/engine/powerpaint-engine.js';
import { oipRuntime } from '../../models/runtime/oip/oip-runtime.js';
import { useTempDirs } from '../cli/cli-files.js';
import { runCli } from '../cli/run-cli.js';
import { Golden, maxAbsDiff, REFERENCE_BUNDLE_DIR, requestFor, rgbBytes } from '../golden/golden-data.js';
import { HUB_REPOS_DIR } from '../hub-fixtures/hub-golden.js';
import { startOipServer, type RunningOipServer } from '../oip-server/start-oip-server.js';

const GRAPHS = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'] as const;
const DIFFUSERS_REPO = `${HUB_REPOS_DIR}tiny-pp/powerpaint-v1/`;
const TYPES: Record<string, string> = { float32: 'TYPE_FP32', float16: 'TYPE_FP16', int64: 'TYPE_INT64', int32: 'TYPE_INT32' };
const tempDir = useTempDirs();

interface ConfigTensor {
  name: string;
  dataType: string;
  dims: number[];
  reshapedToScalar: boolean;
}

/** The parts of a config.pbtxt the check reads, by pattern: this is the test's reading, not the writer's. */
function readConfig(text: string) {
  const section = (kind: string) => {
    const body = new RegExp(`^${kind} \\[\\n([\\s\\S]*?)^\\]`, 'm').exec(text)?.[1] ?? '';
    return [...body.matchAll(/\{\s*name: "([^"]+)"\s*data_type: (\w+)\s*dims: \[([^\]]*)\]\s*(reshape: \{ shape: \[ \] \})?\s*\}/g)].map(
      (m): ConfigTensor => ({ name: m[1]!, dataType: m[2]!, dims: m[3]!.split(',').map((d) => Number(d.trim())), reshapedToScalar: m[4] !== undefined }),
    );
  };
  return {
    name: /^name: "([^"]+)"$/m.exec(text)?.[1],
    backend: /^backend: "([^"]+)"$/m.exec(text)?.[1],
    maxBatchSize: Number(/^max_batch_size: (\d+)$/m.exec(text)?.[1]),
    dynamicBatching: /^dynamic_batching \{/m.test(text),
    inputs: section('input'),
    outputs: section('output'),
  };
}

/** What config.pbtxt must say for one of the session's values: its type, and its dims (-1 where symbolic). */
function expectedTensor(meta: ort.InferenceSession.ValueMetadata, batched: boolean): ConfigTensor {
  if (!meta.isTensor) throw new Error(`${meta.name} is not a tensor`);
  const full = meta.shape.map((d) => (typeof d === 'number' ? d : -1));
  const dims = batched ? full.slice(1) : full;
  return { name: meta.name, dataType: TYPES[meta.type]!, dims: dims.length === 0 ? [1] : dims, reshapedToScalar: dims.length === 0 };
}

/** Opens `<repo>/<graph>/1/model.onnx` with every external-data file it names, read from that folder. */
async function openServedGraph(repo: string, graph: string): Promise<ort.InferenceSession> {
  const dir = join(repo, graph, '1');
  const model = readFileSync(join(dir, 'model.onnx'));
  const externalData = readOnnxIo(model).externalData.map((path) => ({ path, data: new Uint8Array(readFileSync(join(dir, path))) }));
  return ort.InferenceSession.create(model, { executionProviders: ['wasm'], ...(externalData.length > 0 && { externalData }) });
}

async function checkRepository(repo: string): Promise<void> {
  for (const graph of GRAPHS) {
    const session = await openServedGraph(repo, graph);
    const config = readConfig(readFileSync(join(repo, graph, 'config.pbtxt'), 'utf8'));
    const batched = graph === 'unet';
    expect(config, graph).toMatchObject({ name: graph, backend: 'onnxruntime', maxBatchSize: batched ? 8 : 0, dynamicBatching: batched });
    expect(config.inputs, graph).toEqual(session.inputMetadata.map((m) => expectedTensor(m, batched)));
    expect(config.outputs, graph).toEqual(session.outputMetadata.map((m) => expectedTensor(m, batched)));
    // The engine feeds and reads float32 whatever the graph computes in.
    expect(new Set([...config.inputs, ...config.outputs].map((t) => t.dataType)), graph).not.toContain('TYPE_FP16');
    await session.release();
  }
  const service = readFileSync(join(repo, 'inference-service.yaml'), 'utf8');
  expect(service).toContain('kind: InferenceService');
  expect(service).toContain('runtime: kserve-tritonserver');
  expect(service).toContain('protocolVersion: v2');
}

describe('triton-repo', () => {
  it('writes an ONNX bundle\'s graphs with configs that match them exactly (UNet batched, timestep [1] reshaped to [])', async () => {
    const out = join(tempDir(), 'repo');
    const run = await runCli(['triton-repo', '--model', REFERENCE_BUNDLE_DIR, '--out', out, '--storage-uri', 's3://bucket/powerpaint']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('wrote unet (');
    expect(run.stderr).toContain(', dynamic batching)');
    await checkRepository(out);
    const unet = readConfig(readFileSync(join(out, 'unet', 'config.pbtxt'), 'utf8'));
    expect(unet.inputs.find((t) => t.name === 'timestep')).toEqual({ name: 'timestep', dataType: 'TYPE_INT64', dims: [1], reshapedToScalar: true });
    expect(unet.inputs.find((t) => t.name === 'sample')).toEqual({ name: 'sample', dataType: 'TYPE_FP32', dims: [9, -1, -1], reshapedToScalar: false });
    expect(readFileSync(join(out, 'inference-service.yaml'), 'utf8')).toContain('storageUri: s3://bucket/powerpaint');
    expect(existsSync(join(out, 'unet', '1', 'model.onnx_data'))).toBe(true);
  });

  it('writes a diffusers repo\'s built graphs with their safetensors as external data, in fp16 and fp32', async () => {
    for (const precision of ['fp16', 'fp32']) {
      const out = join(tempDir(), `repo-${precision}`);
      const run = await runCli(['triton-repo', '--model', DIFFUSERS_REPO, '--out', out, '--precision', precision]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`computing in ${precision === 'fp16' ? 'float16' : 'float32'}`);
      await checkRepository(out);
    }
  });

  it('refuses a folder that is not empty, and instant', async () => {
    const out = tempDir();
    expect((await runCli(['triton-repo', '--model', REFERENCE_BUNDLE_DIR, '--out', out])).code).toBe(0);
    const again = await runCli(['triton-repo', '--model', REFERENCE_BUNDLE_DIR, '--out', out]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`--out ${out} is not empty`);
    expect((await runCli(['triton-repo', '--model', 'instant', '--out', join(out, 'x')])).stderr).toContain('Instant remove has no model to serve');
  });
});

describe('a written repository served over the Open Inference Protocol', () => {
  let served: RunningOipServer;
  let repo: string;

  beforeAll(async () => {
    repo = join(tempDir(), 'served');
    const run = await runCli(['triton-repo', '--model', DIFFUSERS_REPO, '--out', repo, '--precision', 'fp32']);
    expect(run.code, run.stderr).toBe(0);
    served = await startOipServer(Object.fromEntries(GRAPHS.map((g) => [g, join(repo, g, '1', 'model.onnx')])));
  });

  afterAll(async () => {
    await served?.stop();
  });

  it('runs the diffusers repo\'s graphs on the server as the local engine runs them', async () => {
    const golden = new Golden();
    const c = golden.cases.find((g) => g.name === 'object-ddim-g7.5')!;
    const request = { ...requestFor(golden, c), initialLatents: undefined, seed: 21, steps: 3 };
    const remote = await PowerPaintEngine.load(bundleFromDirectory(DIFFUSERS_REPO), { runtime: oipRuntime({ url: served.url }) });
    const local = await PowerPaintEngine.load(bundleFromDirectory(DIFFUSERS_REPO), { backend: 'wasm' });
    try {
      const [viaServer, onDevice] = [await remote.run(request), await local.run(request)];
      const diff = maxAbsDiff(rgbBytes(viaServer.variations[0]!.image), rgbBytes(onDevice.variations[0]!.image));
      console.log(`diffusers repo through the written repository: max byte difference ${diff} from local wasm`);
      expect(diff).toBeLessThanOrEqual(1);
    } finally {
      await Promise.all([remote.release(), local.release()]);
    }
  });
});
