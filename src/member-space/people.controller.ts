import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { EncountersService } from '../encounters/encounters.service';
import { SignedIn } from '../signin/session.decorators';
import { TemplatesService } from '../templates/templates.service';
import { MemberPages } from './member-pages';

/** "People I met", in the member's space: whom they met at the tables, how often, when last, and what they do. */
@ApiExcludeController()
@SignedIn()
@Controller('me/people')
export class PeopleController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly encounters: EncountersService,
    private readonly templates: TemplatesService,
    private readonly pages: MemberPages,
  ) {}

  @Get()
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { visitor, locale } = this.pages.member(request);
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
    return this.pages.send(request, reply, { name: 'pages/me-people', section: 'people', context: { people } });
  }
}
