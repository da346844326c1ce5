import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { TokenParam } from '../common/id-param';
import { Public } from '../auth/public.decorator';
import { Locale, LOCALES } from '../members/member.entity';
import { TemplatesService } from '../templates/templates.service';
import { CohortsService } from './cohorts.service';

class LanguageQuery {
  @IsOptional()
  @IsIn(LOCALES)
  lang?: Locale;
}

/**
 * The cohort's page for its members: every project with its goal, help needed and notes, and the sessions. Members
 * have no login: the page is behind the cohort's feed token, like its calendar (`/cohorts/<token>`).
 */
@ApiExcludeController()
@Public()
@Controller('cohorts')
export class CohortPageController {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly templates: TemplatesService,
  ) {}

  @Get(':token')
  async show(@TokenParam() token: string, @Query() { lang }: LanguageQuery, @Res() reply: FastifyReply) {
    const locale = lang ?? 'fr';
    const page = await this.cohorts.page(token, locale);
    const dates = this.templates.text(locale, 'cohort.page.dates', { from: page.from, to: page.to });
    const html = this.templates.render(
      'pages/cohort',
      locale,
      { ...page, title: page.cohort.title, dates },
      'pages/layout',
    );
    return reply.header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
  }
}
