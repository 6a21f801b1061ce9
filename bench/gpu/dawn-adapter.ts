/**
 * Dawn (the `webgpu` npm package's dawn.node) as `navigator.gpu` in Node, and a probe that says why there is no
 * adapter instead of hanging: the adapter and device requests run in a child process under a timeout, and Dawn's
 * native warnings (which go to stderr, out of JavaScript's reach) are read back to explain a refusal.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

export interface DawnAdapter {
  description: string;
  features: string[];
  maxBufferSize: number;
}

export type DawnProbe = { ok: true; adapter: DawnAdapter } | { ok: false; explanation: string };

/** Runs in the child: loads dawn.node, asks for a high-performance adapter and a device, prints one JSON line. */
const PROBE = `
const { create } = require(process.argv[1]);
(async () => {
  const adapter = await create([]).requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return console.log(JSON.stringify({ adapter: null }));
  const device = await adapter.requestDevice();
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.description || info.device].filter(Boolean).join(' ');
  console.log(JSON.stringify({ adapter: { description, features: [...adapter.features], maxBufferSize: adapter.limits.maxBufferSize }, device: !!device }));
  device.destroy();
  process.exit(0);
})().catch((e) => { console.log(JSON.stringify({ error: String(e) })); process.exit(0); });
`;

export function probeDawnAdapter(dawnNodePath: string, timeoutMs: number): Promise<DawnProbe> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', PROBE, dawnNodePath], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ ok: false, explanation: `Dawn's adapter or device request did not answer in ${timeoutMs / 1000} s. ${explainDawnLog(stderr)}` });
    }, timeoutMs);
    child.on('close', () => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').at(-1) ?? '';
      let answer: { adapter?: DawnAdapter | null; error?: string } = {};
      try {
        answer = JSON.parse(line) as typeof answer;
      } catch {
        return resolve({ ok: false, explanation: `Dawn could not be loaded from ${dawnNodePath}: ${stderr.trim() || stdout.trim() || 'no output'}` });
      }
      if (answer.adapter) return resolve({ ok: true, adapter: answer.adapter });
      resolve({ ok: false, explanation: `${answer.error ? `Dawn failed: ${answer.error}. ` : 'Dawn found no WebGPU adapter. '}${explainDawnLog(stderr)}` });
    });
  });
}

/** What Dawn's stderr says, in words: no Vulkan loader, a software Vulkan it refuses, or neither. */
export function explainDawnLog(stderr: string): string {
  if (/libvulkan\.so\.1/.test(stderr)) {
    return "No Vulkan loader (libvulkan.so.1) on this machine: install the GPU driver's Vulkan support (Debian: libvulkan1, and the NVIDIA driver's ICD, /usr/share/vulkan/icd.d/nvidia_icd.json), or carry libvulkan.so.1 and point LD_LIBRARY_PATH at it.";
  }
  if (/llvmpipe|shaderUniform\w*ArrayDynamicIndexing|CPU device/i.test(stderr)) {
    return "The only Vulkan device is Mesa's llvmpipe (software), which Dawn refuses (it lacks shaderUniform*ArrayDynamicIndexing) and Dawn has no software fallback: this needs a real GPU and its Vulkan driver.";
  }
  return `Dawn needs a GPU with a Vulkan driver (Linux). Dawn said: ${stderr.trim().slice(0, 600) || 'nothing'}`;
}

/** Dawn as `navigator.gpu` and WebGPU's globals (GPUBufferUsage, …), as onnxruntime-web's WebGPU backend expects in a page. */
export function installDawn(dawnNodePath: string): void {
  const { create, globals } = createRequire(import.meta.url)(dawnNodePath) as { create(flags: string[]): unknown; globals: Record<string, unknown> };
  Object.assign(globalThis, globals);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true, writable: true });
}
