import {
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { catchError, Observable, throwError } from 'rxjs';
import { DomainError, HTTP_STATUS_OF } from '../common/domain-error';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { isPublic } from './organiser.guard';
import { RateLimits } from './rate-limits';

/** Links that do not work (unknown or tampered tokens) get a tenth of the limit of the routes they hit. */
const FAILED_LOOKUP_SHARE = 10;

/**
 * Rate-limits the routes anyone can reach (organisers hold a token and are not limited), per route and client address:
 * `request.ip`, which is the connection's peer unless it is a trusted proxy (TRUST_PROXY). A request answered 404 (a
 * link that does not work) is counted apart, against a tighter limit of its own, so that a flood of random tokens
 * from one address (a whole coworking space behind one NAT) does not lock out the members whose links work.
 */
@Injectable()
export class PublicRateLimitInterceptor implements NestInterceptor {
  private readonly failedLookupLimit: number;

  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {
    this.failedLookupLimit = Math.ceil(settings.rateLimitPerMinute / FAILED_LOOKUP_SHARE);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!isPublic(this.reflector, context)) return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const routeKey = `${context.getClass().name}.${context.getHandler().name}:${request.ip}`;
    if (!this.limits.take(routeKey, this.settings.rateLimitPerMinute)) {
      return throwError(() => this.tooMany(reply, 'Too many requests from your address: wait a minute'));
    }
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!isNotFound(error)) return throwError(() => error);
        this.limits.giveBack(routeKey);
        if (this.limits.take(`failed-lookup:${request.ip}`, this.failedLookupLimit)) return throwError(() => error);
        return throwError(() =>
          this.tooMany(reply, 'Too many links that do not work from your address: wait a minute'),
        );
      }),
    );
  }

  private tooMany(reply: FastifyReply, message: string): HttpException {
    reply.header('Retry-After', String(this.limits.secondsLeft()));
    return new HttpException(message, HttpStatus.TOO_MANY_REQUESTS);
  }
}

function isNotFound(error: unknown): boolean {
  if (error instanceof DomainError) return HTTP_STATUS_OF[error.code] === HttpStatus.NOT_FOUND;
  return error instanceof HttpException && error.getStatus() === HttpStatus.NOT_FOUND;
}
