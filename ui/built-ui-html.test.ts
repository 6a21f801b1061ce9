import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const UI_HTML = new URL('../dist/ui.html', import.meta.url);

/** Figma loads the window from one HTML string: everything inline, nothing fetched. */
describe('dist/ui.html', () => {
  it('is one self-contained file with the app, its script and its styles inline', () => {
    if (!existsSync(UI_HTML)) throw new Error('dist/ui.html is missing: build first with `node esbuild.config.mjs` (npm test does).');
    const html = readFileSync(UI_HTML, 'utf8');
    // One opening and one closing tag each: an unescaped "</script" inside the code would add one.
    expect(html.match(/<script\b/gi)).toHaveLength(1);
    expect(html.match(/<\/script/gi)).toHaveLength(1);
    expect(html.match(/<\/style/gi)).toHaveLength(1);
    expect(html).toContain('<div id="app"></div>');
    expect(html).not.toMatch(/<script[^>]*\bsrc=|<link\b/i);
    expect(html).toContain('--figma-color-bg');
  });
});
