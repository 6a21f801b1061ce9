/**
 * The inference server this build lets the window reach: Figma allows a plugin only the hosts in its
 * manifest's networkAccess, so a build names its server (POWERPAINT_INFERENCE_SERVER, checked against
 * manifest.json by esbuild.config.mjs, docs/inference-server.md). '' when the build names none.
 */
declare const __INFERENCE_SERVER__: string;
const BUILD_SERVER = typeof __INFERENCE_SERVER__ === 'string' ? __INFERENCE_SERVER__ : '';

/** The build's server origin, to start the URL field from. */
export const buildInferenceServer = BUILD_SERVER;

/** What the panel says about reaching `url` from this build; undefined when there is nothing to add. */
export function serverAccessNote(url: string, buildServer = BUILD_SERVER): string | undefined {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return url.trim() === '' ? undefined : `“${url}” is not a URL: write it as https://host:port.`;
  }
  if (buildServer === '') return `Figma lets the plugin reach only the hosts its build names: build it with POWERPAINT_INFERENCE_SERVER=${origin} (docs/inference-server.md).`;
  if (origin !== buildServer) return `This build may reach only ${buildServer}: Figma will refuse ${origin}. Build with POWERPAINT_INFERENCE_SERVER=${origin} to use it.`;
  return undefined;
}
