// `npm run bench:gpu:prepare`: bundles the SD-1.5-shaped bundle writer with its dependencies into one file,
// bench/gpu/prebuilt/make-sd15-bundle.mjs, which runs on a machine without node_modules (Node >= 18), and the
// WebGPU-in-Node bench with what it loads (bench/gpu/prebuilt/webgpu-node/: Dawn, ORT's JSEP wasm; about 50 MB).
import { build } from 'esbuild';
import { buildWebgpuNode } from './build-webgpu-node.mjs';

await build({
  entryPoints: ['bench/gpu/make-sd15-bundle.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node18',
  outfile: 'bench/gpu/prebuilt/make-sd15-bundle.mjs',
  // onnx-proto is CommonJS: give the ESM bundle a require.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  logLevel: 'info',
});
await buildWebgpuNode('bench/gpu/prebuilt/webgpu-node', true);
