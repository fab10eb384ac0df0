import type { ImageInput } from './types.js';

/**
 * An image as the service's JSON takes it: a data: URL or http(s) URL as given, bytes as base64.
 * btoa is in browsers, React Native (Hermes) and Node 16+.
 */
export async function imageField(img: ImageInput): Promise<string> {
  if (typeof img === 'string') return img;
  const bytes =
    img instanceof Uint8Array
      ? img
      : img instanceof ArrayBuffer
        ? new Uint8Array(img)
        : new Uint8Array(await img.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
