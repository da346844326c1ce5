import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/public.decorator';
import { IdParam, TokenParam } from '../common/id-param';
import { notFound } from '../common/domain-error';
import { Locale } from '../common/locale';
import { isOneLine } from '../common/validation';
import { EventsService } from '../events/events.service';
import { EventViews } from '../pages/event-views';
import { PublicPages } from '../pages/public-pages';
import { CsrfForm, FieldError, LanguageQuery, sendPage } from '../signin/pages';
import { SessionNotUsed } from '../signin/session.decorators';
import { TemplatesService } from '../templates/templates.service';
import { GuestRequest } from './guest-request.entity';
import { GuestsService } from './guests.service';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Lengths are checked below, each with its own message beside its field; these only bound what is read. */
class GuestFormBody extends CsrfForm {
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  name?: string;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  email?: string;
}

/**
 * Guests register for a public event in two steps: the event page's form (a name and an address) queues a
 * confirmation mail; the page behind its link shows one button, and only pressing it (a POST) registers them.
 * These forms act on the event or the link, never on a session, so they need no CSRF token.
 */
@ApiExcludeController()
@Public()
@SessionNotUsed()
@Controller()
export class GuestsController {
  constructor(
    private readonly guests: GuestsService,
    private readonly events: EventsService,
    private readonly pages: PublicPages,
    private readonly views: EventViews,
    private readonly templates: TemplatesService,
  ) {}

  @Post('events/:id/guests')
  async ask(
    @IdParam() id: string,
    @Body() body: GuestFormBody,
    @Query() { lang }: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const locale = lang ?? 'fr';
    const event = await this.events.get(id);
    // A members-only event has no guest form, and its page says nothing of it: neither does this.
    if (event.visibility !== 'public') throw notFound('Event', id);
    const form = { name: (body.name ?? '').trim(), email: (body.email ?? '').trim(), errors: [] as FieldError[] };
    form.errors = this.mistakes(form, locale);
    let status = 400;
    if (!form.errors.length) {
      if ((await this.guests.ask(event, { ...form, locale }, request.ip)) === 'sent') {
        return reply.header('Cache-Control', 'no-store').redirect(`/guests/sent${query(lang)}`, 303);
      }
      form.errors = [{ field: 'email', message: this.templates.text(locale, 'guest.error.tooMany') }];
      status = 429;
    }
    // The event page again (its form closed if the event no longer takes answers), with what was typed kept.
    const html = await this.pages.eventHtml(event, locale, 'anyone', form);
    return reply.status(status).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
  }

  @Get('guests/sent')
  sent(@Query() { lang }: LanguageQuery, @Res() reply: FastifyReply) {
    return sendPage(reply, this.templates, { name: 'pages/guest-sent', locale: lang ?? 'fr', context: {} });
  }

  @Get('guests/:token')
  async show(@TokenParam() token: string, @Query() { lang }: LanguageQuery, @Res() reply: FastifyReply) {
    const request = await this.guests.find(token);
    if (!request) return this.expired(reply, lang ?? 'fr');
    const locale = lang ?? request.locale;
    const event = await this.views.of(await this.events.get(request.eventId), locale);
    if (!request.usedAt) {
      const context = { event, name: request.name, action: `/guests/${token}${query(lang)}` };
      return sendPage(reply, this.templates, { name: 'pages/guest-confirm', locale, context });
    }
    return sendPage(reply, this.templates, {
      name: 'pages/guest-done',
      locale,
      context: { event, result: await this.result(request, locale), eventUrl: `/events/${event.id}${query(lang)}` },
    });
  }

  @Post('guests/:token')
  async confirm(@TokenParam() token: string, @Query() { lang }: LanguageQuery, @Res() reply: FastifyReply) {
    const confirmation = await this.guests.confirm(token);
    if (confirmation === 'registered') {
      return reply.header('Cache-Control', 'no-store').redirect(`/guests/${token}${query(lang)}`, 303);
    }
    if (confirmation === 'unknown') return this.expired(reply, lang ?? 'fr');
    const request = (await this.guests.find(token))!;
    const locale = lang ?? request.locale;
    const event = await this.views.of(await this.events.get(request.eventId), locale);
    return sendPage(reply, this.templates, { name: 'pages/guest-closed', locale, context: { event }, status: 409 });
  }

  private mistakes(form: { name: string; email: string }, locale: Locale): FieldError[] {
    const error = (field: string, key: string) => ({ field, message: this.templates.text(locale, key) });
    const errors: FieldError[] = [];
    if (!form.name) errors.push(error('name', 'guest.error.nameMissing'));
    else if (form.name.length > 200 || !isOneLine(form.name)) errors.push(error('name', 'guest.error.name'));
    if (!form.email) errors.push(error('email', 'guest.error.emailMissing'));
    else if (form.email.length > 320 || !EMAIL.test(form.email) || !isOneLine(form.email)) {
      errors.push(error('email', 'guest.error.email'));
    }
    return errors;
  }

  /** "You are going", or "on the waitlist, position 3", as the registration stands now. */
  private async result(request: GuestRequest, locale: Locale): Promise<string> {
    const registration = await this.guests.registrationOf(request);
    const status = registration?.status ?? 'declined';
    return this.templates.text(locale, `guest.done.${status}`, { position: registration?.position ?? '' });
  }

  private expired(reply: FastifyReply, locale: Locale) {
    return sendPage(reply, this.templates, { name: 'pages/guest-expired', locale, context: {}, status: 404 });
  }
}

function query(lang: Locale | undefined): string {
  return lang ? `?lang=${lang}` : '';
}
