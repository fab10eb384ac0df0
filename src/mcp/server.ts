import { createRequire } from 'node:module';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { InputPolicy } from './inputs.js';
import { localRunner, type Runner } from './runner.js';
import { registerTools } from './tools.js';

/** Our package.json: two folders up from src/mcp/ (tests), three from dist/src/mcp/ (built). */
const version = ((): string => {
  const load = createRequire(import.meta.url);
  for (const up of ['../../../package.json', '../../package.json']) {
    try {
      const pkg = load(up) as { name?: string; version: string };
      if (pkg.name === 'scalpel') return pkg.version;
    } catch {
      // Not there from this build layout: the other one is.
    }
  }
  return '0.0.0';
})();

/** Scalpel as an MCP server: its four tools, with what the transport may read (paths on stdio only). */
export function createMcpServer(policy: InputPolicy, run: Runner = localRunner): McpServer {
  const server = new McpServer(
    { name: 'scalpel', version },
    {
      instructions:
        'Surgical image edits from one sentence (Chinese or English): only what is named changes. Ask plan_instruction first when unsure what a sentence will do.',
    },
  );
  registerTools(server, policy, run);
  return server;
}
