import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { LanguageQuery, localeOf, sendPage } from '../signin/pages';
import { SignedIn } from '../signin/session.decorators';
import { visitorOf } from '../signin/visitor';
import { TemplatesService } from '../templates/templates.service';
import { EncountersService } from './encounters.service';

/** "People I met", in the member's space: whom they met at the tables, how often, when last, and what they do. */
@ApiExcludeController()
@SignedIn()
@Controller('me/people')
export class PeoplePageController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly encounters: EncountersService,
    private readonly templates: TemplatesService,
  ) {}

  @Get()
  async show(@Query() { lang }: LanguageQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const visitor = visitorOf(request)!;
    const locale = localeOf(lang, visitor);
    const day = (at: Date) =>
      DateTime.fromJSDate(at, { zone: this.settings.timezone }).setLocale(locale).toFormat('d LLLL yyyy');
    const people = (await this.encounters.peopleMetBy(visitor.member.id)).map((person) => ({
      name: person.name,
      trades: person.skills.join(', '),
      company: person.company,
      met: this.templates.text(locale, 'me-people.met', { count: person.times, last: day(person.lastMetAt) }),
      firstMet:
        person.times > 1 ? this.templates.text(locale, 'me-people.firstMet', { first: day(person.firstMetAt) }) : null,
    }));
    return sendPage(reply, this.templates, { name: 'pages/me-people', locale, visitor, context: { people } });
  }
}
