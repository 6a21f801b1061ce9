import type { BundleSource } from '../bundle/bundle-source.js';
import type { BundleManifest } from '../bundle/manifest.js';
import type { ComputeType } from '../graphs/bound-graph.js';
import type { ExternalDataFile } from '../runtime/model-session.js';
import type { ModelName } from '../runtime/model-specs.js';
import type { SchedulerConfig } from '../schedulers/scheduler.js';

/** One model's ONNX bytes and the external-data files its initializers point into. */
export interface ModelGraph {
  model: Uint8Array;
  externalData: ExternalDataFile[];
}

/**
 * A model as the engine needs it, whatever its source: our bundle (powerpaint.json + ONNX), a diffusers
 * repo as published (configs + safetensors, graphs built here), or an Optimum ONNX folder without a
 * manifest. The engine, the window and the command line see only this.
 */
export interface ModelPackage {
  readonly source: BundleSource;
  readonly layout: 'bundle' | 'diffusers' | 'onnx';
  /** Family, sizes, defaults and the files read (with sha256 where known). */
  readonly manifest: BundleManifest;
  readonly tokenizerJson: unknown;
  readonly schedulerConfig: SchedulerConfig;
  /**
   * Whether graphs can compute in float16 (`graph(name, 'float16')`). A bundle's graphs are fixed at
   * export; a diffusers repo's fp16 weights can be computed in either precision.
   */
  readonly computeTypes: readonly ComputeType[];
  graph(name: ModelName, compute: ComputeType): Promise<ModelGraph>;
  /**
   * The UNet's weights as published (the largest file a runtime must hold) and their precision, when
   * known before reading them: lets the engine refuse a runtime the model cannot fit, instead of crashing.
   */
  readonly unetWeights?: { bytes: number; precision: 'fp16' | 'fp32' };
  /** The LoRA fused into the UNet (diffusers repos only); `fused` is filled when the UNet graph is built. */
  readonly lora?: FusedLoraInfo;
}

export interface FusedLoraInfo {
  /** Where the LoRA came from, e.g. `hf:latent-consistency/lcm-lora-sdv1-5@abc1234/pytorch_lora_weights.safetensors`. */
  label: string;
  scale: number;
  fused?: {
    format: string;
    /** UNet tensors replaced, and the bytes the fused copies take beside the original file. */
    tensors: number;
    bytes: number;
    /** Wall time of the fusion (CPU, once per load). */
    ms: number;
  };
}
