import { formatBytes } from '../../../ui/format/format-bytes.js';
import type { ModelInfo } from './describe-model.js';

const LAYOUTS: Record<ModelInfo['layout'], string> = {
  bundle: 'PowerPaint bundle (powerpaint.json and four ONNX graphs)',
  diffusers: 'diffusers pipeline (configs and safetensors; the graphs are built when it loads)',
  onnx: "ONNX export in Optimum's layout (no powerpaint.json: the manifest is inferred)",
  instant: 'no model: instant remove fills from around the painted area (PatchMatch)',
};

const FAMILIES: Record<ModelInfo['family'], string> = {
  'powerpaint-v1': "PowerPaint v1 (task tokens P_obj, P_ctxt, P_shape)",
  'sd15-inpainting': 'SD-1.5 inpainting (no task tokens: each task becomes a prompt template)',
  instant: 'none',
};

/** `info`'s text: one row per fact, then the files the engine reads with their sizes. */
export function formatInfo(info: ModelInfo): string {
  const total = info.files.reduce((sum, f) => sum + f.bytes, 0);
  const sizes =
    info.maxSide === null
      ? `any size; the window path works on ${info.nativeSize} px windows around each masked area`
      : `native ${info.nativeSize} px; sides a multiple of ${info.sizeMultiple} px, at most ${info.maxSide} px for --whole-image`;
  const defaults = info.defaults ? `${info.defaults.scheduler}, ${info.defaults.steps} steps, guidance ${info.defaults.guidance}` : 'none (no sampling)';
  const rows: [string, string][] = [
    ['model', info.source],
    ...info.notes.map((note): [string, string] => ['', note]),
    ['layout', LAYOUTS[info.layout]],
    ['family', FAMILIES[info.family]],
    ['name', info.version ? `${info.name}, version ${info.version}` : info.name],
    ['precision', info.precision === 'none' ? 'none' : `${info.precision} weights`],
    ['sizes', sizes],
    ['defaults', defaults],
    ['tasks', info.tasks.join(', ')],
    ['files', `${info.files.length}, ${formatBytes(total)}`],
  ];
  const width = Math.max(0, ...info.files.map((f) => f.path.length));
  return [...rows.map(([key, value]) => `${key.padEnd(11)}${value}`), ...info.files.map((f) => `  ${f.path.padEnd(width)}  ${formatBytes(f.bytes)}`)].join('\n');
}
