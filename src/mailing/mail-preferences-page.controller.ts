import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MemberPages } from '../member-space/member-pages';
import { MAIL_TOPICS } from '../members/mail-preferences';
import { MembersService } from '../members/members.service';
import { CsrfForm, LanguageQuery } from '../signin/pages';
import { SignedIn } from '../signin/session.decorators';

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

/** The member's own choice of mails (`/me/mail`): the same preferences as the API's and the unsubscribe links'. */
@ApiExcludeController()
@SignedIn()
@Controller('me/mail')
export class MailPreferencesPageController {
  constructor(
    private readonly members: MembersService,
    private readonly pages: MemberPages,
  ) {}

  @Get()
  show(@Query() { saved }: MailPreferencesQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const preferences = this.pages.member(request).visitor.member.mailPreferences;
    return this.pages.send(request, reply, {
      name: 'pages/me-mail',
      section: 'mail',
      context: { topics: MAIL_TOPICS.map((topic) => ({ topic, on: preferences[topic] })), saved: saved === '1' },
    });
  }

  @Post()
  async change(
    @Query() _language: LanguageQuery,
    @Body() form: MailPreferencesForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    await this.members.setMailPreferences(
      this.pages.member(request).visitor.member.id,
      Object.fromEntries(MAIL_TOPICS.map((topic) => [topic, form[topic] === 'on'])),
    );
    return this.pages.redirect(request, reply, '/me/mail?saved=1');
  }
}
