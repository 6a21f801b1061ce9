import type { ModelSpec } from './model-session.js';

/** The four models of a bundle with the input and output names Optimum's SD exports use. */
export const MODEL_SPECS = {
  textEncoder: { path: 'text_encoder/model.onnx', inputs: ['input_ids'], outputs: ['last_hidden_state'] },
  unet: { path: 'unet/model.onnx', inputs: ['sample', 'timestep', 'encoder_hidden_states'], outputs: ['out_sample'] },
  vaeEncoder: { path: 'vae_encoder/model.onnx', inputs: ['sample'], outputs: ['latent_sample'], outputAliases: { latent_sample: ['latent_parameters'] } },
  vaeDecoder: { path: 'vae_decoder/model.onnx', inputs: ['latent_sample'], outputs: ['sample'] },
} as const satisfies Record<string, ModelSpec>;

export type ModelName = keyof typeof MODEL_SPECS;
