/**
 * Figma's theme for plugin UIs with `themeColors: true`: a class on <html> (figma-light or
 * figma-dark) and the --figma-color-* variables. A tiny injected listener lets the harness
 * switch theme live without touching the UI's own message handlers.
 */
export type Theme = 'light' | 'dark';

const LIGHT: Record<string, string> = {
  'bg': '#ffffff',
  'bg-secondary': '#f5f5f5',
  'bg-tertiary': '#e6e6e6',
  'bg-hover': '#f5f5f5',
  'bg-pressed': '#e6e6e6',
  'bg-selected': '#e5f4ff',
  'bg-brand': '#0d99ff',
  'bg-brand-hover': '#007be5',
  'bg-brand-pressed': '#007be5',
  'bg-danger': '#f24822',
  'bg-success': '#14ae5c',
  'bg-warning': '#ffcd29',
  'bg-disabled': '#d9d9d9',
  'bg-inverse': '#2c2c2c',
  'text': 'rgba(0, 0, 0, 0.9)',
  'text-secondary': 'rgba(0, 0, 0, 0.5)',
  'text-tertiary': 'rgba(0, 0, 0, 0.3)',
  'text-brand': '#007be5',
  'text-danger': '#dc3412',
  'text-success': '#009951',
  'text-warning': '#b86200',
  'text-disabled': 'rgba(0, 0, 0, 0.3)',
  'text-onbrand': '#ffffff',
  'text-oninverse': '#ffffff',
  'border': '#e6e6e6',
  'border-strong': '#2c2c2c',
  'border-selected': '#0d99ff',
  'border-brand': '#0d99ff',
  'border-danger': '#f24822',
  'border-disabled': '#e6e6e6',
  'icon': 'rgba(0, 0, 0, 0.9)',
  'icon-secondary': 'rgba(0, 0, 0, 0.5)',
  'icon-tertiary': 'rgba(0, 0, 0, 0.3)',
  'icon-brand': '#0d99ff',
  'icon-danger': '#f24822',
  'icon-onbrand': '#ffffff',
};

const DARK: Record<string, string> = {
  'bg': '#2c2c2c',
  'bg-secondary': '#383838',
  'bg-tertiary': '#444444',
  'bg-hover': '#383838',
  'bg-pressed': '#444444',
  'bg-selected': '#4a5878',
  'bg-brand': '#0c8ce9',
  'bg-brand-hover': '#0a6dc2',
  'bg-brand-pressed': '#0a6dc2',
  'bg-danger': '#e03e1a',
  'bg-success': '#198f51',
  'bg-warning': '#f7d15f',
  'bg-disabled': '#757575',
  'bg-inverse': '#ffffff',
  'text': '#ffffff',
  'text-secondary': 'rgba(255, 255, 255, 0.7)',
  'text-tertiary': 'rgba(255, 255, 255, 0.4)',
  'text-brand': '#7cc4f8',
  'text-danger': '#fca397',
  'text-success': '#79d297',
  'text-warning': '#f7d15f',
  'text-disabled': 'rgba(255, 255, 255, 0.4)',
  'text-onbrand': '#ffffff',
  'text-oninverse': 'rgba(0, 0, 0, 0.9)',
  'border': '#444444',
  'border-strong': '#ffffff',
  'border-selected': '#0c8ce9',
  'border-brand': '#0c8ce9',
  'border-danger': '#e03e1a',
  'border-disabled': '#444444',
  'icon': '#ffffff',
  'icon-secondary': 'rgba(255, 255, 255, 0.7)',
  'icon-tertiary': 'rgba(255, 255, 255, 0.4)',
  'icon-brand': '#7cc4f8',
  'icon-danger': '#fca397',
  'icon-onbrand': '#ffffff',
};

function vars(map: Record<string, string>): string {
  return Object.entries(map)
    .map(([k, v]) => `--figma-color-${k}: ${v};`)
    .join(' ');
}

export const THEME_CSS = `html.figma-light { ${vars(LIGHT)} color-scheme: light; }\nhtml.figma-dark { ${vars(DARK)} color-scheme: dark; }`;

/** Message the harness posts into the iframe to switch theme; swallowed before the UI sees it. */
export const THEME_MESSAGE_KEY = '__harnessTheme';

const THEME_SCRIPT = `window.addEventListener('message', function (e) {
  if (e.source === parent && e.data && typeof e.data === 'object' && '${THEME_MESSAGE_KEY}' in e.data) {
    e.stopImmediatePropagation();
    document.documentElement.classList.remove('figma-light', 'figma-dark');
    document.documentElement.classList.add('figma-' + e.data.${THEME_MESSAGE_KEY});
  }
});`;

/** The html Figma would load: theme class on <html>, variables and the theme hook first in <head>. */
export function themedHtml(html: string, theme: Theme): string {
  const cls = `figma-${theme}`;
  const inject = `<style id="figma-style">${THEME_CSS}</style><script>${THEME_SCRIPT}</script>`;
  let out = html;
  const htmlTag = /<html\b([^>]*)>/i.exec(out);
  if (htmlTag) {
    const attrs = htmlTag[1] ?? '';
    const withClass = /\bclass\s*=\s*"([^"]*)"/i.test(attrs)
      ? attrs.replace(/\bclass\s*=\s*"([^"]*)"/i, (_m, c: string) => `class="${c} ${cls}"`)
      : `${attrs} class="${cls}"`;
    out = out.replace(htmlTag[0], `<html${withClass}>`);
  } else {
    out = `<html class="${cls}">${out}</html>`;
  }
  if (/<head\b[^>]*>/i.test(out)) return out.replace(/<head\b[^>]*>/i, (m) => m + inject);
  return out.replace(/<html\b[^>]*>/i, (m) => `${m}<head>${inject}</head>`);
}
