import { json, serve, type FakeServer } from './http.js';

/**
 * An OpenAI-compatible chat endpoint (POST /v1/chat/completions → choices[0].message.content), whose
 * answer the test writes: `reply` gets the request's messages and returns the content.
 */
export async function fakeChat(
  reply: (messages: { role: string; content: string }[]) => string | Promise<string>,
): Promise<FakeServer> {
  return serve(async (req, res) => {
    if (req.method !== 'POST' || req.path !== '/v1/chat/completions')
      return json(res, 404, { error: { message: 'not found' } });
    const body = JSON.parse(req.body.toString('utf8')) as {
      model: string;
      messages: { role: string; content: string }[];
    };
    const content = await reply(body.messages);
    return json(res, 200, {
      id: 'chatcmpl-1',
      object: 'chat.completion',
      model: body.model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
    });
  });
}
