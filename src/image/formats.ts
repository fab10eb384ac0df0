/** The image formats Scalpel reads and writes; apart from io.ts so the CLI checks names without loading sharp. */
export type ImageFormat = 'png' | 'jpeg' | 'webp';
export const IMAGE_FORMATS: readonly ImageFormat[] = Object.freeze(['png', 'jpeg', 'webp']);
