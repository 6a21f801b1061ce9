/**
 * `npm run bundle:check -- <dir|url> [--no-hashes] [--json]`: checks a bundle folder or base URL the
 * way the engine will use it and says exactly what is wrong (check-bundle.ts). Exit code 0 when the
 * engine can load it, 1 when not, 2 on bad arguments. Run through tools/bundle-check.mjs (esbuild),
 * since Node 20 does not run TypeScript.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { originFromUrl } from './byte-origin.js';
import { checkBundle, formatReport } from './check-bundle.js';
import { originFromDirectory } from './directory-source.node.js';

const USAGE = 'usage: npm run bundle:check -- <bundle folder | https base URL> [--no-hashes] [--json]';

export async function main(args: readonly string[], out = process.stdout, err = process.stderr): Promise<number> {
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  const targets = args.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => f !== '--no-hashes' && f !== '--json' && f !== '--help');
  if (flags.has('--help') || targets.length !== 1 || unknown.length > 0) {
    err.write(`${unknown.length > 0 ? `unknown option ${unknown.join(', ')}\n` : ''}${USAGE}\n`);
    return flags.has('--help') ? 0 : 2;
  }
  const target = targets[0]!;
  let origin;
  if (/^https?:\/\//.test(target)) {
    origin = originFromUrl(target);
  } else {
    const dir = resolve(target);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      err.write(`${dir} is not a folder.\n${USAGE}\n`);
      return 2;
    }
    origin = originFromDirectory(dir);
  }
  const report = await checkBundle(origin, {
    hashes: !flags.has('--no-hashes'),
    onFile: (path, index, count) => err.write(`checking ${index + 1}/${count} ${path}\n`),
  });
  out.write(flags.has('--json') ? `${JSON.stringify({ ...report, manifest: undefined }, null, 2)}\n` : `${formatReport(report)}\n`);
  return report.ok ? 0 : 1;
}
