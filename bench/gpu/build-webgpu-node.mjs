// Builds bench/gpu/webgpu-node.ts into one file that needs no node_modules: onnxruntime-web's browser build
// (ort.min.mjs, whose WebGPU backend the Node build lacks) and onnx-proto bundled in. With --carry, also copies what
// it loads at run time beside it: Dawn's dawn.node and ORT's JSEP .mjs/.wasm (about 50 MB in all).
// Usage: node bench/gpu/build-webgpu-node.mjs OUT_DIR [--carry]
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';

export async function buildWebgpuNode(outDir, carry) {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: ['bench/gpu/webgpu-node.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: `${outDir}/webgpu-node.mjs`,
    alias: { 'onnxruntime-web': resolve('node_modules/onnxruntime-web/dist/ort.min.mjs') },
    // onnx-proto is CommonJS: give the ESM bundle a require.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  if (!carry) return;
  const dist = 'node_modules/onnxruntime-web/dist';
  for (const file of ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm']) await copyFile(`${dist}/${file}`, `${outDir}/${file}`);
  await copyFile(`node_modules/webgpu/dist/linux-x64/dawn.node`, `${outDir}/dawn.node`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [outDir, ...flags] = process.argv.slice(2);
  await buildWebgpuNode(resolve(outDir ?? 'bench/gpu/prebuilt/webgpu-node'), flags.includes('--carry'));
}
