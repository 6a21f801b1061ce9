/**
 * bench:webgpu-node's probe fails fast with a reason where Dawn has no adapter. The probe loads whatever module it
 * is given as dawn.node, so stand-ins play Dawn: one that never answers (a hung driver), one that warns as Dawn
 * does about llvmpipe and finds nothing, and the real dawn.node of the `webgpu` package on this machine.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainDawnLog, probeDawnAdapter } from '../../bench/gpu/dawn-adapter.js';

async function standIn(body: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'dawn-')), 'dawn.js');
  await writeFile(file, body);
  return file;
}

describe('probeDawnAdapter', () => {
  it('gives up after the timeout when the adapter request never answers, instead of hanging', async () => {
    const hung = await standIn('setInterval(() => {}, 1000); exports.create = () => ({ requestAdapter: () => new Promise(() => {}) });');
    const probe = await probeDawnAdapter(hung, 1500);
    expect(probe).toEqual({ ok: false, explanation: expect.stringMatching(/^Dawn's adapter or device request did not answer in 1\.5 s\./) });
  });

  it("explains llvmpipe's refusal from Dawn's warnings", async () => {
    const llvmpipe = await standIn(
      "process.stderr.write('Warning: Vulkan device llvmpipe (LLVM 15.0.6, 256 bits) is missing shaderUniformBufferArrayDynamicIndexing\\n');" +
        'exports.create = () => ({ requestAdapter: async () => null });',
    );
    const probe = await probeDawnAdapter(llvmpipe, 20000);
    expect(probe).toEqual({ ok: false, explanation: expect.stringMatching(/no WebGPU adapter.*llvmpipe \(software\), which Dawn refuses.*needs a real GPU/) });
  });

  it("loads the webgpu package's dawn.node and gets an answer from it (on a machine without a GPU: the reason)", async () => {
    const probe = await probeDawnAdapter(join(process.cwd(), 'node_modules/webgpu/dist/linux-x64/dawn.node'), 20000);
    const explanation = probe.ok ? '' : probe.explanation;
    expect(explanation).not.toMatch(/could not be loaded|did not answer/);
  });
});

describe('explainDawnLog', () => {
  it('tells a missing Vulkan loader from a refused software device', () => {
    expect(explainDawnLog("Couldn't load Vulkan: libvulkan.so.1: cannot open shared object file")).toMatch(/^No Vulkan loader/);
    expect(explainDawnLog('')).toMatch(/needs a GPU with a Vulkan driver/);
  });
});
