/**
 * Runs plugin/main.ts against the harness's fake figma, as Figma runs a menu command, and plays the
 * window's side of the protocol. Node-only test support: never bundled.
 */
/// <reference types="@figma/plugin-typings" />
import { vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { createFakeFigma, settle, type FakeFigma, type ManifestLike } from '../../test/harness/fake-figma/index.js';
import type { PluginToUiMessage, UiToPluginMessage } from '../protocol/messages.js';

/** The plugin's own manifest: the fake enforces its parameter rules. */
const MANIFEST = JSON.parse(readFileSync(new URL('../../manifest.json', import.meta.url), 'utf8')) as ManifestLike;

export function createInstalledFakeFigma(): { fake: FakeFigma; uninstall: () => void } {
  const fake = createFakeFigma({ manifest: MANIFEST });
  return { fake, uninstall: fake.install() };
}

/**
 * A fresh run of the plugin for `command`: main.ts is evaluated anew, as Figma does per run. Resolves once the
 * plugin opened its window or closed: the window can't speak before it exists, and the plugin may await
 * document lookups (each a turn of the event loop) before it opens it.
 */
export async function runCommandAsync(fake: FakeFigma, command: string): Promise<void> {
  vi.resetModules();
  await fake.runPlugin(command, () => import('../main.js'));
  await settle();
  for (let tries = 0; tries < 200 && !fake.uiState.open && !fake.pluginClosed; tries++) await new Promise((resolve) => setTimeout(resolve, 1));
}

export function postedToUi(fake: FakeFigma): PluginToUiMessage[] {
  return fake.uiMessages as PluginToUiMessage[];
}

/** Sends a message as the window would and waits until the plugin posted one of `type` back. */
export async function sendAndAwaitAsync<T extends PluginToUiMessage['type']>(
  fake: FakeFigma,
  message: UiToPluginMessage,
  type: T,
): Promise<Extract<PluginToUiMessage, { type: T }>> {
  const before = fake.uiMessages.length;
  fake.sendFromUi(message);
  for (let tries = 0; tries < 1000; tries++) {
    const reply = postedToUi(fake).slice(before).find((posted) => posted.type === type);
    if (reply !== undefined) return reply as Extract<PluginToUiMessage, { type: T }>;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`the plugin posted no "${type}" message after ${JSON.stringify(message.type)}`);
}

/** A quick action: the command run with parameters, as Figma does after the person filled them in. */
export async function runQuickActionAsync(fake: FakeFigma, command: string, parameters: Record<string, string>): Promise<void> {
  vi.resetModules();
  fake.startRun(command);
  await import('../main.js');
  fake.emitRun(parameters as unknown as ParameterValues);
  await settle();
}

/** Waits until the plugin posted a message of `type` (after `from` messages), or fails. */
export async function awaitPostedAsync<T extends PluginToUiMessage['type']>(
  fake: FakeFigma,
  type: T,
  from = 0,
): Promise<Extract<PluginToUiMessage, { type: T }>> {
  for (let tries = 0; tries < 200; tries++) {
    const found = postedToUi(fake).slice(from).find((posted) => posted.type === type);
    if (found !== undefined) return found as Extract<PluginToUiMessage, { type: T }>;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`the plugin posted no "${type}" message`);
}
