import type { SessionRuntime } from '../../engine/powerpaint-engine.js';
import { EngineError } from '../../engine/errors.js';
import { MODEL_SPECS, type ModelName } from '../model-specs.js';
import { OipServer, type OipServerConfig } from './oip-server.js';
import { OipSession } from './oip-session.js';
import { OipTraffic } from './oip-traffic.js';

export interface OipRuntimeOptions extends OipServerConfig {
  /** Runs the engine may have in flight at once (catalog batches): the server batches them on its GPU. */
  concurrency?: number | undefined;
  /** The graphs' names on the server when they differ from the repository folders (`unet/model.onnx` → `unet`). */
  modelNames?: Partial<Record<ModelName, string>> | undefined;
  fetch?: typeof fetch | undefined;
}

/** A runtime whose sessions are the graphs on a Triton / KServe server, and what they sent and received. */
export interface OipRuntime extends SessionRuntime {
  traffic: OipTraffic;
  server: OipServer;
}

/** The graph's name on the server: its folder in the bundle layout, as `triton-repo` writes the repository. */
export function serverModelName(graph: ModelName): string {
  return MODEL_SPECS[graph].path.split('/')[0]!;
}

/**
 * The engine's model calls over the Open Inference Protocol (KServe v2 REST, binary tensors). The graphs
 * live on the server, so none is built or read here; the tokenizer, scheduler and prompts stay local.
 */
export function oipRuntime(options: OipRuntimeOptions): OipRuntime {
  const server = new OipServer(options, options.fetch);
  const traffic = new OipTraffic();
  return {
    choice: { backend: 'server', reason: `inference server at ${server.host} (Open Inference Protocol)`, adapter: server.host, shaderF16: false },
    graphsOnServer: true,
    concurrency: options.concurrency ?? 1,
    traffic,
    server,
    create: async ({ graph }) => {
      if (!graph) throw new EngineError('bad-input', 'A server session needs to know which graph it is (text_encoder, unet, vae_encoder or vae_decoder).');
      return OipSession.open(server, graph, options.modelNames?.[graph] ?? serverModelName(graph), traffic);
    },
  };
}
