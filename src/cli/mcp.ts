import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createMcpServer } from '../mcp/server.js';

/**
 * `scalpel mcp`: the Model Context Protocol over stdio, for assistants that run Scalpel on the user's
 * machine (tools may read image paths there). Runs until the client closes stdin.
 */
export async function runMcp(): Promise<number> {
  const server = createMcpServer({ paths: true });
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
  });
  await server.connect(transport);
  await closed;
  return 0;
}
