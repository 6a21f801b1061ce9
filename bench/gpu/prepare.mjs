// `npm run bench:gpu:prepare`: bundles the SD-1.5-shaped bundle writer with its dependencies into one file,
// bench/gpu/prebuilt/make-sd15-bundle.mjs, which runs on a machine without node_modules (Node >= 18).
import { build } from 'esbuild';

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
