import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Locale } from '../common/locale';
import { MAIL_TOPICS, MailPreferences } from '../members/mail-preferences';
import { MembersService } from '../members/members.service';
import { CsrfForm, LanguageQuery, localeOf, sendPage } from '../signin/pages';
import { SignedIn } from '../signin/session.decorators';
import { visitorOf } from '../signin/visitor';
import { TemplatesService } from '../templates/templates.service';

/** A ticked box sends "on"; one left unticked sends nothing, which turns that kind of mail off. */
class MailPreferencesForm extends CsrfForm {
  @IsOptional()
  @IsIn(['on'])
  invitations?: 'on';

  @IsOptional()
  @IsIn(['on'])
  reminders?: 'on';

  @IsOptional()
  @IsIn(['on'])
  digest?: 'on';
}

class MailPreferencesQuery extends LanguageQuery {
  @IsOptional()
  @IsIn(['1'])
  saved?: '1';
}

const langQuery = (locale: Locale, lang: Locale | undefined) => (lang ? `?lang=${locale}` : '');

/** The member's own choice of mails (`/me/mail`): the same preferences as the API's and the unsubscribe links'. */
@ApiExcludeController()
@SignedIn()
@Controller('me/mail')
export class MailPreferencesPageController {
  constructor(
    private readonly members: MembersService,
    private readonly templates: TemplatesService,
  ) {}

  @Get()
  show(@Query() { lang, saved }: MailPreferencesQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const visitor = visitorOf(request)!;
    const locale = localeOf(lang, visitor);
    const preferences: MailPreferences = visitor.member.mailPreferences;
    return sendPage(reply, this.templates, {
      name: 'pages/me-mail',
      locale,
      visitor,
      context: {
        topics: MAIL_TOPICS.map((topic) => ({ topic, on: preferences[topic] })),
        saved: saved === '1',
        langQuery: langQuery(locale, lang),
      },
    });
  }

  @Post()
  async change(
    @Query() { lang }: LanguageQuery,
    @Body() form: MailPreferencesForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const visitor = visitorOf(request)!;
    await this.members.setMailPreferences(
      visitor.member.id,
      Object.fromEntries(MAIL_TOPICS.map((topic) => [topic, form[topic] === 'on'])),
    );
    const query = lang ? `?lang=${lang}&saved=1` : '?saved=1';
    return reply.header('Cache-Control', 'no-store').redirect(`/me/mail${query}`, 303);
  }
}
