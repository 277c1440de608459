import { type IncomingHttpHeaders, request } from 'node:http';

export type LoopbackAnswer = { status: number; headers: IncomingHttpHeaders; body: string };

/**
 * One HTTP request to a `<school>.localhost` URL from Node (which cannot resolve it): sent to
 * loopback with the Host kept, nothing followed or added — a test sees the portal's own answer
 * (its status, every header, a redirect's Location) as a browser would receive it.
 */
export function viaLoopback(
  url: string,
  init: { method?: string; headers?: Record<string, string>; form?: Record<string, string> } = {},
): Promise<LoopbackAnswer> {
  const { host, port, pathname, search } = new URL(url);
  const body = init.form ? new URLSearchParams(init.form).toString() : undefined;
  const headers: Record<string, string> = { host, ...init.headers };
  if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: pathname + search, method: init.method ?? 'GET', headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
