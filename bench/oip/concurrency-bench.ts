/**
 * `node bench/run.mjs bench/oip/concurrency-bench.ts [pictures] [steps] [rounds]`: a catalog batch through an Open
 * Inference Protocol server on loopback (KServe's Python ModelServer running the reference bundle's graphs
 * on this machine's CPU, as the tests start it), with `--concurrency 4` against `--concurrency 1`: the
 * command line's own fan-out, images per minute from its summary, the ratio printed. Runs alternate
 * (1, 4, 1, 4, …) so the other engineers' load falls on both. Not a test: a loaded 2-core machine moves it.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../tools/cli/main.js';

const { startOipServer } = await import('../../test/oip-server/start-oip-server.js');

const repoRoot = resolve(process.env.POWERPAINT_REPO ?? process.cwd());
const pictures = Number(process.argv[2] ?? 24);
const steps = Number(process.argv[3] ?? 8);
const rounds = Number(process.argv[4] ?? 3);
const bundle = join(repoRoot, 'test/fixtures/reference-bundle');
const golden = join(repoRoot, 'test/fixtures/golden');
const GRAPHS = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'];

const work = mkdtempSync(join(tmpdir(), 'pp-oip-bench-'));
const [input, masks] = [join(work, 'input'), join(work, 'masks')];
mkdirSync(input);
mkdirSync(masks);
for (let i = 0; i < pictures; i++) {
  copyFileSync(join(golden, 'image.png'), join(input, `p${i}.png`));
  copyFileSync(join(golden, 'mask-box.png'), join(masks, `p${i}.png`));
}

const server = await startOipServer(Object.fromEntries(GRAPHS.map((g) => [g, join(bundle, g, 'model.onnx')])), { repoRoot });

/** One batch; images per minute and the traffic line from the command line's own summary. */
async function batch(concurrency: number, round: number): Promise<{ perMinute: number; traffic: string }> {
  let stderr = '';
  const io = { stdout: { write: () => true }, stderr: { write: (text: string) => (stderr += text) }, env: {} };
  const args = ['run', '--model', bundle, '--task', 'remove', '--steps', String(steps), '--guidance', '7.5', '--seed', '1'];
  const code = await main([...args, '--input-dir', input, '--mask-dir', masks, '--output-dir', join(work, `out-${concurrency}-${round}`), '--server', server.url, '--concurrency', String(concurrency)], io);
  const summary = /batch: .* \(([\d.]+) images\/min/.exec(stderr);
  if (code !== 0 || !summary) throw new Error(`the batch failed (${code}):\n${stderr}`);
  return { perMinute: Number(summary[1]), traffic: /^server: .*$/m.exec(stderr)?.[0] ?? '' };
}

try {
  await batch(1, -1); // warm-up: the server's first requests load its sessions
  const results: Record<number, number[]> = { 1: [], 4: [] };
  let traffic = '';
  for (let round = 0; round < rounds; round++) {
    for (const n of [1, 4]) {
      const { perMinute, traffic: line } = await batch(n, round);
      results[n]!.push(perMinute);
      traffic = line;
      console.log(`round ${round + 1}, concurrency ${n}: ${perMinute.toFixed(1)} images/min`);
    }
  }
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  console.log(`\n${pictures} pictures of 64 px, ${steps} guided steps each, server on loopback (this machine's CPU)`);
  console.log(`last batch's ${traffic}`);
  console.log(`concurrency 4 vs 1: ${(mean(results[4]!) / mean(results[1]!)).toFixed(2)}x the images per minute (${mean(results[4]!).toFixed(1)} vs ${mean(results[1]!).toFixed(1)})`);
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
