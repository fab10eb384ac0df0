import { ScalpelError } from '../errors.js';
import type { Engine } from './engine.js';
import { localEngine } from './local.js';

export type { Engine, EngineContext, EngineResult } from './engine.js';

/** Engines by id. Remote engines join this map when they exist. */
export const ENGINES: Readonly<Record<string, Engine>> = Object.freeze({ local: localEngine });

export function getEngine(id: string): Engine {
  const engine = ENGINES[id];
  if (!engine) {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      `Unknown engine '${id}'. Valid engines: ${Object.keys(ENGINES).join(', ')}.`,
      {
        stage: 'args',
        details: { engine: id, valid: Object.keys(ENGINES) },
      },
    );
  }
  return engine;
}
