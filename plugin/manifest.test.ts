import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MENU_COMMANDS, PARAMETER_KEYS } from './commands.js';
import { RELAUNCH_COMMAND } from './write-back/result-data.js';
import { TASK_LABELS } from './protocol/task-labels.js';
import { ORT_CDN_BASE, ORT_VERSION } from '../models/bundle/ort-assets.js';

interface MenuItem {
  name?: string;
  command?: string;
  separator?: true;
  menu?: MenuItem[];
}

const manifest = JSON.parse(readFileSync(new URL('../manifest.json', import.meta.url), 'utf8')) as Record<string, unknown>;

function commandsOf(items: readonly MenuItem[]): string[] {
  return items.flatMap((item) => [...(item.command === undefined ? [] : [item.command]), ...commandsOf(item.menu ?? [])]);
}

describe('manifest.json', () => {
  it('has the fields Figma requires, pointing at the built files', () => {
    expect(manifest).toMatchObject({
      name: 'PowerPaint',
      api: '1.0.0',
      editorType: ['figma'],
      documentAccess: 'dynamic-page',
      main: 'dist/plugin.js',
      ui: 'dist/ui.html',
    });
    expect(typeof manifest['id']).toBe('string');
  });

  it('allows only the https hosts model bundles and the pinned ORT wasm come from, with a reason, and the dev server locally', () => {
    const access = manifest['networkAccess'] as { allowedDomains: string[]; reasoning: string; devAllowedDomains: string[] };
    expect(access.allowedDomains.length).toBeGreaterThan(0);
    for (const domain of access.allowedDomains) {
      // Figma accepts a scheme, a host and a leading "*." wildcard for subdomains; never a bare "*".
      expect(domain).toMatch(/^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/);
      expect(new URL(domain.replace('*.', 'any.')).hostname).toMatch(/(^|\.)(huggingface\.co|hf\.co)$|^cdn\.jsdelivr\.net$/);
    }
    // The window fetches onnxruntime-web's wasm from the pinned CDN URL: its origin must be allowed, and said why.
    expect(access.allowedDomains).toContain(new URL(ORT_CDN_BASE).origin);
    expect(access.reasoning).toContain(new URL(ORT_CDN_BASE).hostname);
    expect(access.reasoning).toContain(`onnxruntime-web@${ORT_VERSION}`);
    expect(access.reasoning.length).toBeGreaterThan(20);
    expect(access.devAllowedDomains).toEqual(['http://localhost:5174']);
  });

  it('has a menu whose every item is a named command or a separator', () => {
    const menu = manifest['menu'] as MenuItem[];
    for (const item of menu) {
      expect(item.separator === true || (typeof item.name === 'string' && typeof item.command === 'string')).toBe(true);
    }
    expect(menu.map((item) => item.name ?? '—')).toEqual([
      'Open PowerPaint',
      '—',
      'Remove object',
      'Insert object',
      'Fill shape',
      'Outpaint to frame',
    ]);
  });

  it('lists exactly the commands plugin/main handles', () => {
    expect(commandsOf(manifest['menu'] as MenuItem[]).sort()).toEqual(Object.keys(MENU_COMMANDS).sort());
  });

  it('names each task command as the task is named in the window and on the new layer', () => {
    for (const item of manifest['menu'] as MenuItem[]) {
      const task = item.command === undefined ? null : MENU_COMMANDS[item.command];
      if (task) expect(item.name).toBe(TASK_LABELS[task]);
    }
  });
});

describe('manifest.json quick actions and relaunch', () => {
  it('gives Outpaint an aspect-ratio parameter and Insert a prompt, both optional, also runnable from the menu', () => {
    const menu = manifest['menu'] as (MenuItem & { parameters?: { key: string; optional?: boolean }[]; parameterOnly?: boolean })[];
    const byCommand = (command: string) => menu.find((item) => item.command === command);
    expect(byCommand('outpaint')?.parameters).toMatchObject([{ key: PARAMETER_KEYS.ratio, optional: true }]);
    expect(byCommand('insert')?.parameters).toMatchObject([{ key: PARAMETER_KEYS.prompt, optional: true }]);
    expect(byCommand('outpaint')?.parameterOnly).toBe(false);
  });

  it('has the "Run again" relaunch button the result layers point to', () => {
    expect(manifest['relaunchButtons']).toEqual([{ command: RELAUNCH_COMMAND, name: 'Run again', multipleSelection: false }]);
  });
});
