import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TemplatesService } from '../templates/templates.service';
import { LanguageQuery, localeOf, sendPage } from './pages';
import { SignedIn } from './session.decorators';
import { visitorOf } from './visitor';

/** The member's own space; for now who is signed in and the ways out. The member space issue grows it. */
@ApiExcludeController()
@SignedIn()
@Controller('me')
export class MeController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  show(@Query() { lang }: LanguageQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const visitor = visitorOf(request)!;
    return sendPage(reply, this.templates, {
      name: 'pages/me',
      locale: localeOf(lang, visitor),
      visitor,
      context: { member: visitor.member },
    });
  }
}
