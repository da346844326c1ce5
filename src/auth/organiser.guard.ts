import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { SpaceService } from '../space/space.service';
import { setActor } from '../common/actor';
import { IS_PUBLIC } from './public.decorator';

/**
 * Every route needs `Authorization: Bearer <token>` unless marked @Public(): the space's admin token (scripts) or an
 * organiser's personal API token. The actor is kept on the request for the audit trail.
 */
@Injectable()
export class OrganiserGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly space: SpaceService,
    private readonly apiTokens: ApiTokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isPublic(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) throw new UnauthorizedException('An organiser token is required: Authorization: Bearer <token>');
    if (this.space.isOrganiserToken(token)) {
      setActor(request, { kind: 'admin-token', name: 'admin token' });
      return true;
    }
    const actor = await this.apiTokens.actorOf(token);
    if (!actor) throw new UnauthorizedException('The organiser token is not valid');
    setActor(request, actor);
    return true;
  }
}

export function isPublic(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]) ?? false;
}
