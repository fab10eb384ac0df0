import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { Hono } from 'hono';
import { createMcpServer } from '../../../mcp/server.js';
import type { Runner } from '../../../mcp/runner.js';
import type { Env } from '../http.js';
import type { Tenant } from '../../policy/policy.js';
import type { Services } from '../../services.js';
import { runEdit } from './compat-common.js';

/**
 * The MCP server over streamable HTTP at /mcp, behind the service's keys. Stateless: each request
 * gets its own server and transport (no session to keep), and every tool's edit is a job in the
 * service's queue, under the caller's rate limit and quota like any other request. Images come as
 * base64 only: a path would read this server's disk.
 */
export function mcpRoutes(svc: Services) {
  const app = new Hono<Env>();
  app.post('/mcp', async (c) => {
    const server = createMcpServer({ paths: false }, viaQueue(svc, c.get('tenant')));
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      await server.close();
    }
  });
  return app;
}

function viaQueue(svc: Services, tenant: Tenant): Runner {
  return async (input) => {
    const job = await runEdit(svc, tenant, {
      image: { bytes: input.image },
      instruction: input.instruction,
      mask: input.mask ? { bytes: input.mask } : undefined,
      asset: input.asset ? { bytes: input.asset } : undefined,
      format: input.format,
      plan: input.plan,
    });
    const report = job.report!;
    const image = job.output_image
      ? svc.images.read(await svc.images.get(tenant.id, job.output_image))
      : undefined;
    return { image, report };
  };
}
