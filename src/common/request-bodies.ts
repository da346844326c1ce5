import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { IncomingMessage, Server } from 'node:http';

/** The JSON API takes up to 1 MiB. */
export const API_BODY_LIMIT_BYTES = 1024 * 1024;
/** Pages post forms of a few hundred bytes; anything much larger is refused before it is parsed. */
export const PAGE_BODY_LIMIT_BYTES = 16 * 1024;
/**
 * The organisers' forms (behind sign-in) carry an event's description: up to 10,000 characters, each up to 9 bytes
 * once form-encoded.
 */
export const ADMIN_FORM_LIMIT_BYTES = 128 * 1024;
/** A page that takes a file (a CSV of members) takes up to 1 MiB. */
export const UPLOAD_BODY_LIMIT_BYTES = 1024 * 1024;
/** No body the app reads nests past a few levels, and very deep nesting overflows the stack of what reads it. */
export const MAX_JSON_DEPTH = 32;
/** How much of a refused body is read and thrown away, so that the client reads the answer instead of a reset. */
const DRAIN_LIMIT_BYTES = 8 * 1024 * 1024;
const DRAIN_TIMEOUT_MS = 5_000;

const OPEN_BRACKET = 0x7b; // {
const CLOSE_BRACKET = 0x7d; // }
const OPEN_SQUARE = 0x5b; // [
const CLOSE_SQUARE = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/** A page whose form may carry a file, read as UTF-8 text into its field, up to UPLOAD_BODY_LIMIT_BYTES. */
export const TakesFiles = () => RouteConfig({ takesFiles: true });

function takesFiles(config: unknown): boolean {
  return (config as { takesFiles?: boolean } | undefined)?.takesFiles === true;
}

export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/');
}

/**
 * How the app reads request bodies, before any handler or transformation sees them: a size limit per route (pages
 * small, the API 1 MiB), JSON with bounded nesting, JSON only on the API (415 otherwise), page forms urlencoded or
 * multipart (text fields only), and refused bodies read to their end so that the client gets the answer.
 */
export function readRequestBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.addHook('onRoute', (route) => limitRoute(route));
  fastify.addHook('onSend', async (request) => {
    if (!request.raw.complete) await drain(request.raw);
  });
  const jsonParser = fastify.getDefaultJsonParser('error', 'error');
  app.useBodyParser<Server>('application/json', { bodyLimit: API_BODY_LIMIT_BYTES }, (request, body, done) => {
    if (nestingDepth(body) > MAX_JSON_DEPTH) {
      done(new BadRequestException(`The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    jsonParser(request, body.toString('utf8'), done);
  });
  app.useBodyParser<Server>(
    'multipart/form-data',
    { bodyLimit: PAGE_BODY_LIMIT_BYTES },
    (request: FastifyRequest, body: Buffer) => formFields(request, body),
  );
}

function limitRoute(route: RouteOptions): void {
  if (!isApiPath(route.url)) {
    route.bodyLimit ??= takesFiles(route.config)
      ? UPLOAD_BODY_LIMIT_BYTES
      : route.url.startsWith('/admin/')
        ? ADMIN_FORM_LIMIT_BYTES
        : PAGE_BODY_LIMIT_BYTES;
    return;
  }
  route.bodyLimit ??= API_BODY_LIMIT_BYTES;
  route.preParsing = [...[route.preParsing ?? []].flat(), refuseAllButJson];
}

async function refuseAllButJson(request: FastifyRequest): Promise<void> {
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length']) > 0;
  if (hasBody && mediaType(request.headers['content-type']) !== 'application/json') {
    throw new UnsupportedMediaTypeException('The API takes JSON bodies: send Content-Type: application/json');
  }
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** The deepest nesting of objects and arrays in a JSON text, in one pass that skips strings. */
function nestingDepth(body: Buffer): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACKET || byte === OPEN_SQUARE) {
      if (++depth > deepest) deepest = depth;
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_SQUARE) {
      depth--;
    }
  }
  return deepest;
}

/**
 * The text fields of a multipart form (RFC 8058 one-click unsubscribes may come so); a repeated field is a list. A
 * file is refused, except on a page that takes files, where its text is the field's value.
 */
async function formFields(request: FastifyRequest, body: Buffer): Promise<Record<string, string | string[]>> {
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
  } catch {
    throw new BadRequestException('The body is not valid multipart/form-data');
  }
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of form) {
    if (typeof value !== 'string' && !takesFiles(request.routeOptions.config)) {
      throw new BadRequestException(`The field ${name} is a file; this form takes none`);
    }
    if (name === '__proto__' || name === 'constructor') throw new BadRequestException(`The field ${name} is refused`);
    const text = typeof value === 'string' ? value : await value.text();
    const previous = fields[name];
    fields[name] = previous === undefined ? text : [...[previous].flat(), text];
  }
  return fields;
}

/** Reads and drops what is left of a request body, up to a bound, before the answer is sent. */
function drain(stream: IncomingMessage): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let received = 0;
    const finish = () => {
      clearTimeout(timer);
      stream.off('data', onData).off('end', finish).off('error', finish).off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > DRAIN_LIMIT_BYTES) finish();
    };
    const timer = setTimeout(finish, DRAIN_TIMEOUT_MS);
    stream.on('data', onData).on('end', finish).on('error', finish).on('close', finish);
    stream.resume();
  });
}
