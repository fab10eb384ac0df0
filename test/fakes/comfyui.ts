import { randomUUID } from 'node:crypto';
import { fakeEdit, Faults } from './model.js';
import { formOf, json, serve, type FakeServer } from './http.js';

type Workflow = Record<string, { class_type: string; inputs: Record<string, unknown> }>;

/**
 * ComfyUI's HTTP API: POST /upload/image (multipart image, type, overwrite) → { name, subfolder, type };
 * POST /prompt { prompt, client_id } → { prompt_id, number, node_errors }, or 400 { error, node_errors }
 * for a graph with unknown nodes; GET /history/{id} → {} while it runs, then { [id]: { outputs,
 * status } }; GET /view?filename&subfolder&type → the image. It checks the graph is the shipped one.
 */
export async function fakeComfyUI(): Promise<FakeServer & { faults: Faults; workflows: Workflow[] }> {
  const faults = new Faults();
  const uploads = new Map<string, Buffer>();
  const outputs = new Map<string, Buffer>();
  const history = new Map<string, { polls: number; file: string }>();
  const workflows: Workflow[] = [];
  const server = await serve(async (req, res) => {
    const url = new URL(req.path, 'http://x');
    if (req.method === 'GET' && url.pathname === '/system_stats')
      return json(res, 200, { system: { comfyui_version: 'fake' }, devices: [] });
    if (req.method === 'POST' && url.pathname === '/upload/image') {
      const form = await formOf(req);
      const file = form.get('image');
      if (!(file instanceof File)) return json(res, 400, { error: 'no image' });
      uploads.set(file.name, Buffer.from(await file.arrayBuffer()));
      return json(res, 200, { name: file.name, subfolder: '', type: 'input' });
    }
    if (req.method === 'POST' && url.pathname === '/prompt') {
      const { prompt } = JSON.parse(req.body.toString('utf8')) as { prompt: Workflow };
      workflows.push(prompt);
      const nodes = Object.values(prompt);
      const load = nodes.find((n) => n.class_type === 'LoadImage');
      const encode = nodes.find(
        (n) => n.class_type === 'TextEncodeQwenImageEditPlus' && n.inputs.prompt !== '',
      );
      const input = load && uploads.get(String(load.inputs.image));
      if (!input || !encode || !nodes.some((n) => n.class_type === 'SaveImage'))
        return json(res, 400, {
          error: {
            type: 'prompt_outputs_failed_validation',
            message: 'Prompt outputs failed validation',
            details: '',
          },
          node_errors: {},
        });
      const id = randomUUID();
      const file = `scalpel_${id.slice(0, 8)}_.png`;
      outputs.set(file, await fakeEdit(input, String(encode.inputs.prompt)));
      history.set(id, { polls: 0, file });
      return json(res, 200, { prompt_id: id, number: history.size, node_errors: {} });
    }
    const h = /^\/history\/(.+)$/u.exec(url.pathname);
    if (req.method === 'GET' && h) {
      const entry = history.get(decodeURIComponent(h[1]));
      if (!entry) return json(res, 200, {});
      // The first poll finds it still running, as a real queue would.
      if (entry.polls++ === 0) return json(res, 200, {});
      const fault = faults.next();
      if (fault === 'no-image')
        return json(res, 200, {
          [h[1]]: { outputs: {}, status: { status_str: 'success', completed: true, messages: [] } },
        });
      if (fault === 'server-error')
        return json(res, 200, {
          [h[1]]: {
            outputs: {},
            status: {
              status_str: 'error',
              completed: false,
              messages: [['execution_error', { exception_message: 'CUDA out of memory' }]],
            },
          },
        });
      return json(res, 200, {
        [h[1]]: {
          outputs: { '13': { images: [{ filename: entry.file, subfolder: '', type: 'output' }] } },
          status: { status_str: 'success', completed: true, messages: [] },
        },
      });
    }
    if (req.method === 'GET' && url.pathname === '/view') {
      const img = outputs.get(url.searchParams.get('filename') ?? '');
      if (!img || url.searchParams.get('type') !== 'output') return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': 'image/png' }).end(img);
      return;
    }
    return json(res, 404, { error: 'not found' });
  });
  return { ...server, faults, workflows };
}
