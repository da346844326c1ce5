import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { SESSION_NOT_USED } from './session.decorators';
import { SessionsService } from './sessions.service';
import { setVisitor } from './visitor';

const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/**
 * On every request: reads the session cookie (the visitor), and refuses (403, before anything runs) a
 * state-changing request that comes from another site, or that carries the session cookie without the session's
 * CSRF token (form field `_csrf` or header `X-CSRF-Token`). Pages put the token in their forms with `{{> csrf}}`.
 */
@Injectable()
export class SessionGuard implements CanActivate {
  private readonly ownHost: string;

  constructor(
    @Inject(SETTINGS) settings: Settings,
    private readonly sessions: SessionsService,
    private readonly reflector: Reflector,
  ) {
    this.ownHost = new URL(settings.publicUrl).host;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const changes = !SAFE_METHODS.includes(request.method);
    if (changes && this.fromAnotherSite(request))
      throw new ForbiddenException('Requests from another site are refused');
    const visitor = await this.sessions.visitor(request, http.getResponse<FastifyReply>());
    if (!visitor) return true;
    setVisitor(request, visitor);
    const sessionNotUsed = this.reflector.getAllAndOverride<boolean>(SESSION_NOT_USED, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (changes && !sessionNotUsed) {
      const body = request.body as Record<string, unknown> | undefined;
      const token = request.headers['x-csrf-token'] ?? (typeof body === 'object' ? body?._csrf : undefined);
      if (!this.sessions.isCsrfToken(visitor, token)) {
        throw new ForbiddenException('This form has expired: open the page again and send it from there');
      }
    }
    return true;
  }

  /**
   * A browser names the site a request comes from in `Sec-Fetch-Site`, and in `Origin` unless the page asked for no
   * referrer (then `Origin: null`, which alone proves nothing: the CSRF token then decides).
   */
  private fromAnotherSite(request: FastifyRequest): boolean {
    if (request.headers['sec-fetch-site'] === 'cross-site') return true;
    const origin = request.headers.origin;
    if (!origin || origin === 'null') return false;
    try {
      const host = new URL(origin).host;
      return host !== this.ownHost && host !== request.headers.host;
    } catch {
      return true;
    }
  }
}
