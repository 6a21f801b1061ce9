import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { readOnnxIo } from '../../../models/bundle/onnx-io.js';
import type { ComputeType } from '../../../models/graphs/bound-graph.js';
import type { ModelPackage } from '../../../models/package/model-package.js';
import { serverModelName } from '../../../models/runtime/oip/oip-runtime.js';
import { MODEL_SPECS, type ModelName } from '../../../models/runtime/model-specs.js';
import { UsageError } from '../errors.js';
import { inferenceServiceYaml } from './inference-service.js';
import { batchable, tritonConfig, type TritonBatching } from './triton-config.js';

export interface TritonRepoOptions {
  out: string;
  compute: ComputeType;
  /** The UNet's dynamic batching: concurrent jobs share GPU batches. */
  unetBatching: TritonBatching;
  serviceName: string;
  storageUri: string;
}

export interface WrittenGraph {
  graph: ModelName;
  /** The folder under the repository: the name the server serves it by. */
  name: string;
  bytes: number;
  batched: boolean;
}

/**
 * A Triton model repository: `<name>/config.pbtxt` and `<name>/1/model.onnx` with its weights as external
 * data beside it (at the paths the graph names), one folder per graph, named as the engine's server
 * runtime asks for them; and a KServe InferenceService for the same folder.
 */
export async function writeTritonRepo(model: ModelPackage, options: TritonRepoOptions, onGraph?: (graph: WrittenGraph) => void): Promise<WrittenGraph[]> {
  await refuseNonEmpty(options.out);
  const written: WrittenGraph[] = [];
  // One graph at a time: a real UNet's weights are 1.7 GB.
  for (const graph of Object.keys(MODEL_SPECS) as ModelName[]) {
    const name = serverModelName(graph);
    const { model: onnx, externalData } = await model.graph(graph, options.compute);
    const io = readOnnxIo(onnx);
    const version = join(options.out, name, '1');
    await mkdir(version, { recursive: true });
    await writeFile(join(version, 'model.onnx'), onnx);
    for (const file of externalData) {
      const target = join(version, safeRelative(file.path));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, file.data);
    }
    // A UNet with a scalar timestep (some exports) cannot be batched by Triton: it is served unbatched.
    const batching = graph === 'unet' && batchable(io) ? options.unetBatching : undefined;
    await writeFile(join(options.out, name, 'config.pbtxt'), tritonConfig(name, io, batching));
    const entry = { graph, name, bytes: onnx.byteLength + externalData.reduce((sum, f) => sum + f.data.byteLength, 0), batched: batching !== undefined };
    written.push(entry);
    onGraph?.(entry);
  }
  await writeFile(join(options.out, 'inference-service.yaml'), inferenceServiceYaml(options.serviceName, options.storageUri));
  return written;
}

async function refuseNonEmpty(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length > 0) throw new UsageError(`--out ${dir} is not empty: give a new or empty folder, so no earlier repository is mixed in.`);
}

// A graph names its weight files; they must stay inside the version folder.
function safeRelative(path: string): string {
  const relative = normalize(path);
  if (relative.startsWith('..') || relative.startsWith('/')) throw new Error(`a graph names its weights "${path}", outside its folder`);
  return relative;
}
