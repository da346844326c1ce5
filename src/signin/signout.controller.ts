import { Controller, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator';
import { SessionsService } from './sessions.service';
import { visitorOf } from './visitor';

/** Ends this browser's session, or with `/everywhere` every session of the member; forms carry the CSRF token. */
@ApiExcludeController()
@Public()
@Controller('signout')
export class SignoutController {
  constructor(private readonly sessions: SessionsService) {}

  @Post()
  async signOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const visitor = visitorOf(request);
    if (visitor) await this.sessions.end(visitor);
    return this.leave(reply);
  }

  @Post('everywhere')
  async signOutEverywhere(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const visitor = visitorOf(request);
    if (visitor) await this.sessions.endAll(visitor.member.id);
    return this.leave(reply);
  }

  private leave(reply: FastifyReply) {
    this.sessions.clearCookie(reply);
    return reply.header('Cache-Control', 'no-store').redirect('/signin', 303);
  }
}
