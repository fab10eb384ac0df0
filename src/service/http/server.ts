import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import type { ServiceConfig } from '../config.js';
import type { Executor } from '../jobs/executor.js';
import { createServices, type Services } from '../services.js';

export interface RunningServer {
  url: string;
  services: Services;
  close(): Promise<void>;
}

/** Starts the service on config.host:config.port (0 = any free port) and says how it is protected. */
export async function startServer(
  config: ServiceConfig,
  opts: { executor?: Executor; log?: (line: string) => void } = {},
): Promise<RunningServer> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const services = await createServices(config, opts.executor, {
    log,
    // Another service may be active by now: stop rather than run its jobs twice (a supervisor restarts
    // this one, which then waits as the standby).
    onLeaseLost: () => process.exit(1),
  });
  const app = createApp(services, config.accessLog ? { accessLog: (line) => log(line) } : {});
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolve(s));
    s.once('error', reject);
  }).catch(async (e: unknown) => {
    // The port taken, say: close what started, or its workers and its database lease keep running.
    await services.close();
    throw e;
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  const keys = (await services.keys.list()).filter((k) => !k.revoked_at).length;
  log(`Scalpel listening on ${url}  (docs: ${url}/docs)`);
  log(
    keys
      ? `API keys: ${keys} active; requests without a valid key get 401.`
      : 'Single-user mode: no API keys configured, so any or no key is accepted. Create one with `scalpel keys create --name <name>`.',
  );
  log(`Data: ${config.dataDir}  workers: ${config.concurrency}  queue limit: ${config.maxQueue}`);
  const { requeued, failed } = services.recovered;
  if (requeued || failed.length)
    log(`Recovered after a restart: ${requeued} job(s) re-queued, ${failed.length} failed.`);
  return {
    url,
    services,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Open SSE streams would hold the server open forever.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await services.close();
    },
  };
}
