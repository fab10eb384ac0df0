import { existsSync } from 'node:fs';
import path from 'node:path';
import { ScalpelError } from '../errors.js';
import { AuditLog } from '../service/policy/audit.js';
import { configFromEnv } from '../service/config.js';
import { openRecords } from '../service/storage/db.js';
import { usage, type ParsedArgs } from './args.js';
import type { Io } from './run.js';

/**
 * `scalpel audit verify [--data-dir <dir>] [--json]`: checks the service's audit log against its
 * chain and the checkpoint in its database. Exit 0 when intact, 1 when any record was edited,
 * removed, reordered or cut off (each problem is listed).
 */
export async function runAudit(args: ParsedArgs, io: Io, json: boolean): Promise<number> {
  const [action] = args.positional;
  if (action !== 'verify')
    throw usage('Usage: scalpel audit verify [--data-dir <dir>] [--json]', { valid: ['verify'] });
  const config = configFromEnv();
  const dataDir = String(args.flags['--data-dir'] ?? config.dataDir);
  // Opening would create an empty database (and a new secret), and an empty log would pass.
  if (!config.databaseUrl && !existsSync(path.join(dataDir, 'scalpel.db'))) {
    throw new ScalpelError(
      'INVALID_ARGUMENT',
      `No Scalpel data in '${dataDir}' (no scalpel.db): check --data-dir.`,
      {
        stage: 'args',
        details: { data_dir: dataDir },
      },
    );
  }
  const sql = await openRecords({ dataDir, databaseUrl: config.databaseUrl });
  try {
    const log = await AuditLog.open(sql, dataDir);
    const { records, problems } = await log.verify();
    if (json)
      io.stdout(`${JSON.stringify({ ok: problems.length === 0, file: log.file, records, problems })}\n`);
    else if (problems.length === 0) io.stdout(`${log.file}: ${records} records, intact.\n`);
    else
      io.stdout(
        `${log.file}: ${records} records, ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
      );
    return problems.length === 0 ? 0 : 1;
  } finally {
    await sql.close();
  }
}
