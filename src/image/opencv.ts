import { createRequire } from 'node:module';

/** The subset of OpenCV.js we call; typed loosely because the package ships no usable types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Cv = any;

let loading: Promise<{ cv: Cv }> | undefined;

/**
 * Loads OpenCV.js (wasm) once. The module object is thenable, so it must never be passed to
 * `resolve()` (that would wait on it forever): we resolve with a wrapper instead.
 */
export function loadOpenCv(): Promise<{ cv: Cv }> {
  loading ??= new Promise((resolve, reject) => {
    try {
      const require = createRequire(import.meta.url);
      const cv: Cv = require('@techstark/opencv-js');
      if (cv.Mat) resolve({ cv });
      else cv.onRuntimeInitialized = () => resolve({ cv });
    } catch (err) {
      reject(err);
    }
  });
  return loading;
}
