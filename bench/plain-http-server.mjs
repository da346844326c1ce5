// The baseline: node:http reading each request's body and answering fixed bytes, the size the product answers.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [bodyFile, contentType] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': contentType, 'content-length': body.length }).end(body));
}).listen(0, '127.0.0.1', () => console.log(`is listening on ${server.address().port}`));
