import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { SpaceService } from '../space/space.service';
import { IS_PUBLIC } from './public.decorator';

/** Every route needs `Authorization: Bearer <organiser token>` unless marked @Public(). */
@Injectable()
export class OrganiserGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly space: SpaceService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (isPublic(this.reflector, context)) return true;
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) throw new UnauthorizedException('An organiser token is required: Authorization: Bearer <token>');
    if (!this.space.isOrganiserToken(token)) throw new UnauthorizedException('The organiser token is not valid');
    return true;
  }
}

export function isPublic(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]) ?? false;
}
