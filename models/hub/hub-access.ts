/** How to reach the Hub: which host, which fetch, and the designer's token for gated or private repos. */
export interface HubAccess {
  /** The Hub or a mirror (huggingface_hub's HF_ENDPOINT); default https://huggingface.co. */
  endpoint?: string | undefined;
  fetch?: typeof fetch | undefined;
  /**
   * A Hugging Face access token, sent as `Authorization: Bearer …` to the endpoint only. No message,
   * label or URL this module makes contains it.
   */
  token?: string | undefined;
}

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

/** The endpoint without trailing slashes, so paths can be appended with one `/`. */
export function hubEndpoint(endpoint: string | undefined = DEFAULT_ENDPOINT): string {
  return endpoint.replace(/\/+$/, '');
}

export function authHeaders(token: string | undefined): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export function fetchOf(access: HubAccess): typeof fetch {
  return access.fetch ?? ((...args) => fetch(...args));
}
