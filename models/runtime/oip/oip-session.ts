import * as ort from 'onnxruntime-web';
import { EngineError } from '../../engine/errors.js';
import type { ModelSession } from '../model-session.js';
import type { ModelName } from '../model-specs.js';
import { OipServer } from './oip-server.js';
import { decodeInferResponse, encodeInferRequest, HEADER_LENGTH_HEADER, ortType } from './oip-tensor-codec.js';
import type { OipTraffic } from './oip-traffic.js';

/** A model's inputs and outputs as the server's model metadata (`GET /v2/models/<name>`) lists them. */
interface TensorMetadata {
  name: string;
  datatype: string;
  shape: number[];
}

/** How the server's repository must look, and the command that writes it from the model loaded here. */
const REPOSITORY_HINT =
  'The server must hold the model\'s four graphs as text_encoder, unet, vae_encoder and vae_decoder, written from the model loaded here by `npm run powerpaint -- triton-repo --model <model> --out <dir>`.';

/**
 * One graph on an Open Inference Protocol server, behind the interface onnxruntime's sessions have:
 * `run` sends the feeds as one infer request (binary tensors) and hands back CPU tensors.
 */
export class OipSession implements ModelSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly ort.InferenceSession.ValueMetadata[];
  readonly outputMetadata: readonly ort.InferenceSession.ValueMetadata[];

  private constructor(
    private readonly server: OipServer,
    private readonly graph: ModelName,
    private readonly modelName: string,
    private readonly traffic: OipTraffic,
    metadata: { inputs: TensorMetadata[]; outputs: TensorMetadata[] },
  ) {
    this.inputNames = metadata.inputs.map((t) => t.name);
    this.outputNames = metadata.outputs.map((t) => t.name);
    this.inputMetadata = metadata.inputs.map(valueMetadata);
    this.outputMetadata = metadata.outputs.map(valueMetadata);
  }

  /** Reads the model's metadata: a name the server lacks is refused here, before any run. */
  static async open(server: OipServer, graph: ModelName, modelName: string, traffic: OipTraffic): Promise<OipSession> {
    const response = await server.request(`/v2/models/${encodeURIComponent(modelName)}`, { method: 'GET' });
    if (response.status === 404) {
      await response.body?.cancel();
      throw new EngineError('server', `The inference server at ${server.host} has no model named "${modelName}". ${REPOSITORY_HINT}`);
    }
    if (!response.ok) throw await server.refusal(response, `the metadata of "${modelName}"`, REPOSITORY_HINT);
    const metadata = (await response.json()) as { inputs?: TensorMetadata[]; outputs?: TensorMetadata[] };
    if (!Array.isArray(metadata.inputs) || !Array.isArray(metadata.outputs)) {
      throw new EngineError('server', `The inference server at ${server.host} lists no inputs or outputs for "${modelName}": it does not speak the Open Inference Protocol (v2) at this URL.`);
    }
    return new OipSession(server, graph, modelName, traffic, { inputs: metadata.inputs, outputs: metadata.outputs });
  }

  async run(feeds: ort.InferenceSession.FeedsType, fetches?: ort.InferenceSession.FetchesType | ort.InferenceSession.RunOptions): Promise<ort.InferenceSession.ReturnType> {
    // The engine names its outputs as a list; anything else asks for all of them.
    const outputs = Array.isArray(fetches) ? (fetches as readonly string[]) : this.outputNames;
    const { body, headerLength } = encodeInferRequest(this.asDeclared(feeds), outputs);
    const response = await this.server.request(`/v2/models/${encodeURIComponent(this.modelName)}/infer`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/octet-stream', [HEADER_LENGTH_HEADER]: String(headerLength) },
    });
    if (!response.ok) {
      throw await this.server.refusal(
        response,
        `${this.graph}'s request (inputs ${describeFeeds(feeds)})`,
        `Its "${this.modelName}" does not take what this model sends, so it is another model. ${REPOSITORY_HINT}`,
      );
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    this.traffic.record(this.graph, body.byteLength, bytes.byteLength);
    const length = response.headers.get(HEADER_LENGTH_HEADER);
    let tensors: Record<string, ort.Tensor>;
    try {
      tensors = decodeInferResponse(bytes, length === null ? undefined : Number(length));
    } catch (cause) {
      throw new EngineError('server', `The inference server at ${this.server.host} sent an answer for "${this.modelName}" that cannot be read: ${(cause as Error).message}.`, { cause });
    }
    const missing = outputs.filter((name) => !(name in tensors));
    if (missing.length > 0) {
      throw new EngineError('server', `The inference server at ${this.server.host} left out ${missing.join(', ')} from "${this.modelName}"'s answer. ${REPOSITORY_HINT}`);
    }
    return tensors;
  }

  /**
   * Triton declares a tensor that is only its batch (the UNet's timestep `[B]`) as `[1]` reshaped to `[]`,
   * so its metadata asks for `[B, 1]`: the same bytes go with the shape the server declared.
   */
  private asDeclared(feeds: ort.InferenceSession.FeedsType): Record<string, ort.Tensor> {
    return Object.fromEntries(
      Object.entries(feeds).map(([name, tensor]) => {
        const declared = this.inputMetadata[this.inputNames.indexOf(name)];
        const shape = declared?.isTensor ? declared.shape : undefined;
        const addsOne = shape !== undefined && shape.length === tensor.dims.length + 1 && shape.at(-1) === 1;
        return [name, addsOne ? new ort.Tensor(tensor.type as 'float32', tensor.data as Float32Array, [...tensor.dims, 1]) : tensor];
      }),
    );
  }

  async release(): Promise<void> {
    // Nothing is held here: the server keeps its models loaded for every client.
  }
}

function valueMetadata(tensor: TensorMetadata): ort.InferenceSession.ValueMetadata {
  // -1 is the protocol's dynamic dimension; onnxruntime names such a dimension with a string.
  const shape = tensor.shape.map((d) => (d < 0 ? 'dynamic' : d));
  const type = ortType(tensor.datatype) ?? tensor.datatype.toLowerCase();
  return { name: tensor.name, isTensor: true, type, shape } as ort.InferenceSession.ValueMetadata;
}

function describeFeeds(feeds: ort.InferenceSession.FeedsType): string {
  return Object.entries(feeds)
    .map(([name, tensor]) => `${name} ${tensor.type}[${tensor.dims.join(', ')}]`)
    .join(', ');
}
