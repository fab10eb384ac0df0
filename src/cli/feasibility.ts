import { CATALOG, estimate, type Feasibility, type Precision } from '../feasibility/estimate.js';
import { localModels } from '../feasibility/local-models.js';
import type { ParsedArgs } from './args.js';
import { usage } from './args.js';
import type { Io } from './run.js';

/**
 * `scalpel feasibility [--model id] [--device id] [--precision p] [--json]`: can a model run on a
 * device, computed from its size and the device's figures (src/feasibility/). With no flags, every
 * known model at each of its precisions on every device preset.
 */
export function runFeasibility(args: ParsedArgs, io: Io, json: boolean): number {
  if (args.positional.length) throw usage(`Unexpected argument '${args.positional[0]}'.`);
  const models = [...CATALOG.models, ...localModels()];
  const pick = <T extends { id: string }>(all: T[], flag: string, what: string): T[] => {
    const id = args.flags[flag];
    if (typeof id !== 'string') return all;
    const found = all.filter((x) => x.id === id);
    if (found.length === 0)
      throw usage(`Unknown ${what} '${id}'. Valid ${what}s: ${all.map((x) => x.id).join(', ')}.`, {
        [what]: id,
        valid: all.map((x) => x.id),
      });
    return found;
  };
  const chosenModels = pick(models, '--model', 'model');
  const devices = pick(CATALOG.devices, '--device', 'device');
  const precision = args.flags['--precision'];
  const valid = Object.keys(CATALOG.bytesPerWeight);
  if (typeof precision === 'string' && !valid.includes(precision))
    throw usage(`Unknown precision '${precision}'. Valid precisions: ${valid.join(', ')}.`, {
      precision,
      valid,
    });
  const rows: Feasibility[] = [];
  for (const m of chosenModels) {
    const precisions = typeof precision === 'string' ? [precision as Precision] : m.precisions;
    for (const p of precisions) for (const d of devices) rows.push(estimate(m, p, d));
  }
  if (json) {
    io.stdout(
      JSON.stringify({
        ok: true,
        rows,
        models: chosenModels.map(({ id, name, source, precisions, components }) => ({
          id,
          name,
          source,
          precisions,
          components,
        })),
        devices,
      }) + '\n',
    );
    return 0;
  }
  const head = [
    'model',
    'precision',
    'device',
    'weights GB',
    'peak GB',
    'app may hold GB',
    'latency ≥ s',
    'verdict',
  ];
  const lines = rows.map((r) => [
    r.model,
    r.precision,
    r.device,
    String(r.weights_gb),
    String(r.peak_gb),
    String(r.usable_gb),
    r.latency_lower_bound_s === null ? '–' : String(r.latency_lower_bound_s),
    r.verdict,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd() + '\n';
  io.stdout(fmt(head) + lines.map(fmt).join(''));
  if (rows.length === 1) io.stdout(rows[0].reasons.map((r) => `- ${r}\n`).join(''));
  else io.stdout('\nWhy, for one row: scalpel feasibility --model <id> --device <id> --precision <p>\n');
  return 0;
}
