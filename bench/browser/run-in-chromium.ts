/** Node side of the Chromium benchmark: bundle the page, serve it with the bundles and ORT, drive it. */
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../test/browser/support/chromium.js';
import { startStaticServer, type StaticServer } from '../../test/browser/support/static-server.js';
import type { BundleReport } from '../core/measure-engine.js';

export interface ChromiumBench {
  bench(bundle: string, size: number, steps: number): Promise<BundleReport>;
  webgpuCheck(bundle: string, size: number, steps: number): Promise<Record<string, unknown>>;
  /** A screenshot of a local HTML file, for the PNG chart. */
  screenshot(html: string, path: string): Promise<void>;
  version: string;
  close(): Promise<void>;
}

export async function openChromiumBench(repoRoot: string, bundles: Record<string, ReadonlyMap<string, Uint8Array>>, log: (line: string) => void): Promise<ChromiumBench> {
  const script = await build({
    entryPoints: [`${repoRoot}/bench/browser/bench-page.ts`],
    absWorkingDir: repoRoot,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  const pageFiles = new Map<string, string | Uint8Array>([
    ['index.html', '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="bench-page.js"></script>'],
    ['bench-page.js', script.outputFiles[0]!.contents],
  ]);
  const server: StaticServer = await startStaticServer({
    mounts: [
      { at: '/', files: pageFiles },
      ...Object.entries(bundles).map(([name, files]) => ({ at: `/${name}`, files })),
      { at: '/ort', dir: `${repoRoot}/node_modules/onnxruntime-web/dist/` },
    ],
  });
  const browser: Browser = await launchChromium(['--enable-precise-memory-info']);
  const page: Page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && log(`  [page] ${m.text()}`));
  await page.goto(`${server.origin}/index.html`);
  await page.waitForFunction(() => 'benchBundle' in globalThis);
  const config = (bundle: string, size: number, steps: number) => ({
    bundleName: bundle,
    bundleUrl: `${server.origin}/${bundle}/`,
    ortDistUrl: `${server.origin}/ort/`,
    size,
    steps,
  });
  return {
    version: browser.version(),
    async bench(bundle, size, steps) {
      const { report, lines } = await page.evaluate(
        (c) => (globalThis as unknown as { benchBundle: (c: unknown) => Promise<{ report: BundleReport; lines: string[] }> }).benchBundle(c),
        config(bundle, size, steps),
      );
      lines.forEach((line) => log(line));
      return report;
    },
    async webgpuCheck(bundle, size, steps) {
      return page.evaluate(
        (c) => (globalThis as unknown as { webgpuCheck: (c: unknown) => Promise<Record<string, unknown>> }).webgpuCheck(c),
        config(bundle, size, steps),
      );
    },
    async screenshot(html, path) {
      const shot = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      await shot.setContent(html);
      await shot.screenshot({ path, fullPage: true });
      await shot.close();
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
