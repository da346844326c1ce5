// The baseline of the feed benchmark: node:http serving the same bytes and headers, with the same 304 logic.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [bodyFile, etag, port] = process.argv.slice(2);
const body = readFileSync(bodyFile);
createServer((req, res) => {
  const headers = { 'content-type': 'text/calendar; charset=utf-8', etag, 'cache-control': 'public, max-age=300' };
  if (req.headers['if-none-match'] === etag) return res.writeHead(304, headers).end();
  res.writeHead(200, { ...headers, 'content-length': body.length }).end(body);
}).listen(Number(port), '127.0.0.1', () => console.log('is listening on'));
