import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Where downloads are kept: --cache-dir, else $POWERPAINT_CACHE, else the XDG cache folder. */
export function cacheLocation(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  if (flag) return resolve(flag);
  if (env.POWERPAINT_CACHE) return resolve(env.POWERPAINT_CACHE);
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'powerpaint');
}
