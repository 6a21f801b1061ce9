import { fileURLToPath } from 'node:url';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORT_VERSION, ORT_WASM } from './ort-assets.js';
import { sha256Hex } from './verify-file.js';

const dist = fileURLToPath(new URL('../../node_modules/onnxruntime-web/dist', import.meta.url));

describe('pinned onnxruntime-web assets', () => {
  it('match the installed package (re-pin after an upgrade)', async () => {
    const pkg = JSON.parse(await readFile(join(dist, '..', 'package.json'), 'utf8'));
    expect(pkg.version).toBe(ORT_VERSION);
    for (const asset of Object.values(ORT_WASM)) {
      const bytes = new Uint8Array(await readFile(join(dist, asset.path)));
      expect({ path: asset.path, bytes: bytes.byteLength, sha256: await sha256Hex(bytes) }).toEqual(asset);
    }
  });

  it('the default build embeds the glue for the JSEP wasm', async () => {
    const bundle = await readFile(join(dist, 'ort.bundle.min.mjs'), 'utf8');
    expect(bundle).toContain(ORT_WASM.default.path);
  });
});
