/**
 * `npm run bench`: the text, object-level, micro and generative-engine benchmarks one after another, each in its own
 * process (so each peak RSS is its own), every argument passed on to each: `npm run bench -- --write`
 * updates the committed reports in bench/, without it they go to bench/out/.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
for (const name of ['text', 'ops', 'micro', 'engines']) {
  const script = path.join(here, `${name}.js`);
  const run = spawnSync(process.execPath, ['--expose-gc', script, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    process.stderr.write(`bench: ${name} failed (exit ${run.status ?? run.signal})\n`);
    process.exit(run.status ?? 1);
  }
}
