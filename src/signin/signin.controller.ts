import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator';
import { Locale } from '../common/locale';
import { MemberProfile } from '../members/members.service';
import { TemplatesService } from '../templates/templates.service';
import { safeNext } from './next-path';
import { CsrfForm, LanguageQuery, localeOf, sendPage } from './pages';
import { SessionNotUsed } from './session.decorators';
import { SessionsService } from './sessions.service';
import { SignedIn, SigninService } from './signin.service';
import { visitorOf } from './visitor';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

class SigninForm extends CsrfForm {
  @IsOptional()
  @IsString()
  @MaxLength(320)
  email?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  code?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  next?: string;
}

class SigninQuery extends LanguageQuery {
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  next?: string;
}

/**
 * Sign-in by a link or a code from a mail. Mail scanners open links, so GET only shows pages; signing in is always
 * a POST. These forms act on the link or the code, not on a session, so they need no CSRF token.
 */
@ApiExcludeController()
@Public()
@SessionNotUsed()
@Controller()
export class SigninController {
  constructor(
    private readonly signin: SigninService,
    private readonly sessions: SessionsService,
    private readonly templates: TemplatesService,
  ) {}

  @Get('signin')
  show(@Query() { lang, next }: SigninQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const locale = localeOf(lang, visitorOf(request));
    return this.page(reply, locale, 'pages/signin', { email: '', next: safeNext(next) });
  }

  @Post('signin')
  async ask(
    @Body() form: SigninForm,
    @Query() { lang }: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const locale = localeOf(lang, visitorOf(request));
    const email = form.email?.trim() ?? '';
    const next = safeNext(form.next);
    if (!EMAIL.test(email)) {
      const message = this.text(locale, email ? 'signin.error.email' : 'signin.error.emailMissing');
      return this.page(reply, locale, 'pages/signin', { email, next, errors: [{ field: 'email', message }] }, 400);
    }
    if ((await this.signin.ask(email, request.ip)) === 'too-many') {
      const message = this.text(locale, 'signin.error.tooMany');
      return this.page(reply, locale, 'pages/signin', { email, next, errors: [{ field: 'email', message }] }, 429);
    }
    return this.page(reply, locale, 'pages/signin-sent', { email, next, code: '' });
  }

  @Post('signin/code')
  async code(
    @Body() form: SigninForm,
    @Query() { lang }: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const locale = localeOf(lang, visitorOf(request));
    const email = form.email?.trim() ?? '';
    const code = (form.code ?? '').replace(/\s/g, '');
    const next = safeNext(form.next);
    const refuse = (key: string) =>
      this.page(
        reply,
        locale,
        'pages/signin-sent',
        { email, next, code, errors: [{ field: 'code', message: this.text(locale, key) }] },
        400,
      );
    if (!/^\d{6}$/.test(code)) return refuse(code ? 'signin.error.codeFormat' : 'signin.error.codeMissing');
    const signedIn = EMAIL.test(email) ? await this.signin.signInWithCode(email, code) : null;
    if (!signedIn) return refuse('signin.error.code');
    return this.enter(request, reply, signedIn, next);
  }

  @Get('signin/:token')
  async confirm(
    @Param('token') token: string,
    @Query() { lang, next }: SigninQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const locale = localeOf(lang, visitorOf(request));
    if (!(await this.signin.linkIsValid(token))) return this.expired(reply, locale);
    const action = `/signin/${token}${lang ? `?lang=${lang}` : ''}`;
    return this.page(reply, locale, 'pages/signin-link', { action, next: safeNext(next) });
  }

  @Post('signin/:token')
  async useLink(
    @Param('token') token: string,
    @Body() form: SigninForm,
    @Query() { lang }: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const signedIn = await this.signin.signInWithLink(token);
    if (!signedIn) return this.expired(reply, localeOf(lang, visitorOf(request)));
    return this.enter(request, reply, signedIn, safeNext(form.next));
  }

  /** The new session's cookie replaces any this browser had, and that older session ends. */
  private async enter(
    request: FastifyRequest,
    reply: FastifyReply,
    { member, sessionId }: SignedIn,
    next: string | null,
  ) {
    const previous = visitorOf(request);
    if (previous) await this.sessions.end(previous);
    this.sessions.setCookie(reply, sessionId);
    return reply.header('Cache-Control', 'no-store').redirect(next ?? home(member), 303);
  }

  private expired(reply: FastifyReply, locale: Locale) {
    return this.page(reply, locale, 'pages/signin-expired', {}, 404);
  }

  private page(reply: FastifyReply, locale: Locale, name: string, context: Record<string, unknown>, status = 200) {
    const langQuery = locale === 'en' ? '?lang=en' : '';
    return sendPage(reply, this.templates, { name, locale, status, context: { langQuery, ...context } });
  }

  private text(locale: Locale, key: string): string {
    return this.templates.text(locale, key);
  }
}

/** Where a member lands after signing in when no page was asked for. */
function home(member: MemberProfile): string {
  return member.role === 'organiser' ? '/admin' : '/me';
}
