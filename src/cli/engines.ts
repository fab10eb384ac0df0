import { listEngines } from '../engines/index.js';
import type { Io } from './run.js';

/**
 * `scalpel engines [--json]`: each engine, what it does well (chosen by default) and what it can do
 * when forced, whether its settings are present and whether it answered a probe. No secret is shown.
 */
export async function runEngines(io: Io, json: boolean): Promise<number> {
  const list = await listEngines();
  if (json) {
    io.stdout(JSON.stringify({ ok: true, ...list }) + '\n');
    return 0;
  }
  for (const e of list.engines) {
    const state = !e.configured
      ? 'not configured'
      : e.reachable === false
        ? 'UNREACHABLE'
        : e.reachable
          ? 'ready'
          : 'ready (local)';
    const good = Object.entries(e.capabilities)
      .filter(([, s]) => s === 'good')
      .map(([op]) => op);
    const can = Object.entries(e.capabilities)
      .filter(([, s]) => s === 'can')
      .map(([op]) => op);
    const preferred = list.preferred === e.id ? ' (preferred: SCALPEL_ENGINE)' : '';
    io.stdout(`${e.id} [${e.kind}] ${state}${preferred}\n  does: ${good.join(', ')}\n`);
    if (can.length) io.stdout(`  also, when forced with --engine: ${can.join(', ')}\n`);
    io.stdout(`  ${e.detail}\n`);
  }
  return 0;
}
