/**
 * Launching the Debian Chromium that browser tests use (never `playwright install`: nothing is
 * downloaded here). WebGPU comes from Chromium's SwiftShader adapter, so no GPU is needed.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** The Chromium binary: CHROMIUM_PATH if set, else Debian's. Throws a how-to-fix message if absent. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM_PATH;
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install it with \`apt-get install -y chromium\`, ` +
        'or set CHROMIUM_PATH to a Chromium/Chrome binary.',
    );
  }
  return path;
}

/** Flags every browser test needs: WebGPU on (SwiftShader without a GPU); no sandbox when root. */
export function chromiumArgs(extra: readonly string[] = []): string[] {
  const args = ['--enable-unsafe-webgpu', ...extra];
  // Chromium refuses to start its sandbox as root (containers, CI).
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}

/**
 * Headless Chromium with WebGPU. Don't pass `--user-data-dir` in `extraArgs` (Playwright throws);
 * use `chromium.launchPersistentContext` for that.
 */
export function launchChromium(extraArgs: readonly string[] = [], options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ headless: true, ...options, executablePath: chromiumPath(), args: chromiumArgs(extraArgs) });
}
