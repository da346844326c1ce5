import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator';
import { CsrfForm, LanguageQuery, localeOf, sendPage } from '../signin/pages';
import { SignedIn } from '../signin/session.decorators';
import { SessionsService } from '../signin/sessions.service';
import { visitorOf } from '../signin/visitor';
import { TemplatesService } from '../templates/templates.service';
import { ErasureService } from './erasure.service';

/** "Erase my account", from the member's own space: a confirmation page, then the erasure and a goodbye. */
@ApiExcludeController()
@SignedIn()
@Controller('me/erase')
export class ErasePageController {
  constructor(
    private readonly erasure: ErasureService,
    private readonly sessions: SessionsService,
    private readonly templates: TemplatesService,
  ) {}

  @Get()
  confirm(@Query() { lang }: LanguageQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const visitor = visitorOf(request)!;
    return sendPage(reply, this.templates, {
      name: 'pages/erase',
      locale: localeOf(lang, visitor),
      visitor,
      context: { member: visitor.member },
    });
  }

  @Post()
  async erase(
    @Body() _form: CsrfForm,
    @Query() { lang }: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const visitor = visitorOf(request)!;
    const locale = localeOf(lang, visitor);
    // The erasure ends every session of theirs; this browser forgets its cookie.
    await this.erasure.erase(visitor.member.id);
    this.sessions.clearCookie(reply);
    return reply.header('Cache-Control', 'no-store').redirect(`/me/erased?lang=${locale}`, 303);
  }
}

/** The goodbye page: the person is no longer signed in (nor a member), so it asks for no session. */
@ApiExcludeController()
@Public()
@Controller('me/erased')
export class ErasedPageController {
  constructor(private readonly templates: TemplatesService) {}

  @Get()
  goodbye(@Query() { lang }: LanguageQuery, @Res() reply: FastifyReply) {
    return sendPage(reply, this.templates, { name: 'pages/erased', locale: localeOf(lang, undefined), context: {} });
  }
}
