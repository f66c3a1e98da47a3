import type { ServerResponse } from 'node:http';

/**
 * Server-sent events as OpenAI streams them: each chunk is `data: <json>\n\n`, the end is `data: [DONE]\n\n`.
 * Writes after the client left are dropped (the request's abort signal stops the generation itself).
 */
export class SseWriter {
  private started = false;

  constructor(private readonly response: ServerResponse) {}

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.response.flushHeaders();
  }

  send(value: unknown): void {
    if (this.response.destroyed || this.response.writableEnded) return;
    this.start();
    this.response.write(`data: ${JSON.stringify(value)}\n\n`);
  }

  /** An error after the stream started: OpenAI's SDK raises an APIError for an `error` object in the stream. */
  fail(body: unknown): void {
    this.send(body);
    this.done();
  }

  done(): void {
    if (this.response.destroyed || this.response.writableEnded) return;
    this.start();
    this.response.end('data: [DONE]\n\n');
  }
}
