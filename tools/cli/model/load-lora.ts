import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDirectoryCache } from '../../../models/bundle/cache-directory.node.js';
import { bundleFromDirectory } from '../../../models/bundle/directory-source.node.js';
import { hubEndpointFromEnv } from '../../../models/hub/hub-endpoint.node.js';
import { loadHubLora, loadLoraFromSource, type LoraChoice } from '../../../models/lora/lora-source.js';
import type { CliIo } from '../cli-io.js';
import { UsageError } from '../errors.js';

/**
 * `--lora`'s file: a folder that exists (its pytorch_lora_weights.safetensors, or its one .safetensors), else a
 * Hub repo through the same client, cache and token as --model (`hf:` forces the Hub).
 */
export async function loadCliLora(lora: { where: string; scale: number }, options: { io: CliIo; cacheDir: string }): Promise<LoraChoice> {
  const { where, scale } = lora;
  if (!/^hf:/i.test(where)) {
    const dir = resolve(where);
    const info = statSync(dir, { throwIfNoEntry: false });
    if (info?.isDirectory()) return { file: await loadLoraFromSource(bundleFromDirectory(dir)), scale };
    if (info) throw new UsageError(`--lora ${where} is a file; give the folder that holds it (or the Hub repo).`);
  }
  const { io } = options;
  const file = await loadHubLora({
    ref: where,
    endpoint: hubEndpointFromEnv(io.env),
    token: io.env.HF_TOKEN || undefined,
    cache: await openDirectoryCache(options.cacheDir),
    ...(io.signal && { signal: io.signal }),
  });
  return { file, scale };
}
