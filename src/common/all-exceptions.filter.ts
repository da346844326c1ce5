import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, HTTP_STATUS_OF } from './domain-error';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  [detail: string]: unknown;
}

/** Renders the page a person sees for an error on a browser path, or null for API paths. */
export interface ErrorPageRenderer {
  render(status: number, path: string, body: ErrorBody): string | null;
}

/**
 * Turns every error into the JSON `{statusCode, error, message}` (or an error page on browser paths); unknown
 * errors become a plain 500 without a stack.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly pages?: ErrorPageRenderer) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = this.toBody(exception);
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>().status(body.statusCode);
    const path = http.getRequest<FastifyRequest>().url.split('?')[0];
    const page = this.pages?.render(body.statusCode, path, body);
    if (page) reply.type('text/html; charset=utf-8').send(page);
    // Typed here: a route may have set its own (text/csv) before it failed.
    else reply.type('application/json; charset=utf-8').send(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return this.body(HTTP_STATUS_OF[exception.code], exception.message, {
        code: exception.code,
        ...exception.details,
      });
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const details = typeof response === 'object' ? (response as Record<string, unknown>) : {};
      const message = typeof details.message === 'string' ? details.message : exception.message;
      return this.body(exception.getStatus(), message, details);
    }
    const status = (exception as { statusCode?: unknown })?.statusCode;
    // Fastify's own errors (body too large, malformed JSON) carry a 4xx status and a safe message.
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return this.body(status, (exception as Error).message);
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return this.body(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error');
  }

  private body(statusCode: number, message: string, details: Record<string, unknown> = {}): ErrorBody {
    return { ...details, statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  }
}
