import { ScalpelError } from '../errors.js';

/** Settings that hold a URL (an engine's or an LLM's endpoint), checked before any request. */

/** scheme://host[:port] with nothing after it, as the settings documented say. */
export function originOf(name: string, raw: string, allowPath = false): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not echoed: a URL may carry credentials.
    throw configError(name, 'not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw configError(name, 'use http:// or https://');
  if (url.username || url.password)
    throw configError(name, 'put credentials in the API key setting, not the URL');
  const rest = url.pathname.replace(/\/+$/, '');
  if (!allowPath && (rest !== '' || url.search))
    throw configError(name, 'give scheme://host[:port] only, no path');
  return allowPath ? `${url.origin}${rest}` : url.origin;
}

function configError(name: string, why: string): ScalpelError {
  return new ScalpelError('INVALID_ARGUMENT', `${name}: ${why}.`, {
    stage: 'args',
    details: { setting: name },
  });
}
