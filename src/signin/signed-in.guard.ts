import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { setActor } from '../common/actor';
import { SIGNED_IN_ROLE } from './session.decorators';
import { SigninRequired } from './signin-redirect.filter';
import { visitorOf } from './visitor';

/** Behind @SignedIn(): the session guard has already read the cookie; this one checks who it is. */
@Injectable()
export class SignedInGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const role = this.reflector.getAllAndOverride<string>(SIGNED_IN_ROLE, [context.getHandler(), context.getClass()]);
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const visitor = visitorOf(request);
    if (!visitor) throw new SigninRequired(request.method === 'GET' ? request.url : '/');
    if (role !== 'any' && visitor.member.role !== role) {
      throw new ForbiddenException(`This page is for ${role}s`);
    }
    if (visitor.member.role === 'organiser') {
      setActor(request, { kind: 'organiser', memberId: visitor.member.id, name: visitor.member.name });
    }
    return true;
  }
}
