import { configFromEnv } from '../service/config.js';
import { openRecords } from '../service/storage/db.js';
import { KeyStore } from '../service/policy/keys.js';
import { startServer } from '../service/http/server.js';
import { usage, type ParsedArgs } from './args.js';
import type { Io } from './run.js';

/** `scalpel serve`: the service on embedded defaults, stopped by SIGINT/SIGTERM. */
export async function runServe(args: ParsedArgs, io: Io): Promise<number> {
  const config = configFromEnv();
  if (args.flags['--port'] !== undefined) config.port = portOf(String(args.flags['--port']));
  if (args.flags['--host'] !== undefined) config.host = String(args.flags['--host']);
  if (args.flags['--data-dir'] !== undefined) config.dataDir = String(args.flags['--data-dir']);
  const server = await startServer(config, { log: (l) => io.stdout(l + '\n') });
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.stdout('Stopping: running jobs will resume at the next start.\n');
  await server.close();
  return 0;
}

function portOf(raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw usage(`--port must be 0–65535, not '${raw}'.`);
  return n;
}

/** `scalpel keys create|list|revoke`: API keys in the service's record store (SCALPEL_DATA_DIR or SCALPEL_DATABASE_URL). */
export async function runKeys(args: ParsedArgs, io: Io): Promise<number> {
  const [action, id] = args.positional;
  const config = configFromEnv();
  const sql = await openRecords({
    dataDir: String(args.flags['--data-dir'] ?? config.dataDir),
    databaseUrl: config.databaseUrl,
  });
  try {
    const keys = new KeyStore(sql);
    if (action === 'create') {
      const num = (flag: string) => (args.flags[flag] === undefined ? undefined : Number(args.flags[flag]));
      const { key, record } = await keys.create({
        name: String(args.flags['--name'] ?? ''),
        ratePerMinute: num('--rate'),
        quotaPerDay: num('--quota'),
      });
      if (args.flags['--json']) io.stdout(JSON.stringify({ key, ...record }) + '\n');
      else io.stdout(`${key}\n`);
      io.stderr(`Created key ${record.id} (${record.name}). The secret above is shown only once.\n`);
      return 0;
    }
    if (action === 'list') {
      io.stdout(JSON.stringify(await keys.list(), null, 2) + '\n');
      return 0;
    }
    if (action === 'revoke' && id) {
      await keys.revoke(id);
      io.stderr(`Revoked ${id}.\n`);
      return 0;
    }
    throw usage(
      'Usage: scalpel keys create --name <name> [--rate <per min>] [--quota <per day>] | list | revoke <id>',
      {
        valid: ['create', 'list', 'revoke'],
      },
    );
  } finally {
    await sql.close();
  }
}
