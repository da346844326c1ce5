import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { Settings } from '../../config/settings';
import { SETTINGS } from '../../config/settings.module';
import { ONE_TABLE } from '../../encounters/encounter-records';
import { EncountersService, ISOLATED_AFTER_DAYS } from '../../encounters/encounters.service';
import { SignedIn } from '../../signin/session.decorators';
import { TemplatesService } from '../../templates/templates.service';
import { AdminPages } from '../admin-pages';
import { barChart } from './bar-chart';

/** The months the chart shows, the current one last. */
const CHART_MONTHS = 12;

/** What the encounters tell organisers: new encounters per month, and the members to invite. */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin/encounters')
export class AdminEncountersController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly encounters: EncountersService,
    private readonly templates: TemplatesService,
    private readonly pages: AdminPages,
  ) {}

  @Get()
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { locale } = this.pages.organiser(request);
    const zone = this.settings.timezone;
    const month = (yyyyMM: string, format: string) =>
      DateTime.fromFormat(yyyyMM, 'yyyy-MM', { zone }).setLocale(locale).toFormat(format);
    const day = (at: Date) => DateTime.fromJSDate(at, { zone }).setLocale(locale).toFormat('d LLL yyyy');
    const months = (await this.encounters.newPerMonth(CHART_MONTHS, zone)).map(({ month: yyyyMM, count }) => ({
      month: month(yyyyMM, 'LLLL yyyy'),
      short: month(yyyyMM, 'LLL'),
      count,
    }));
    const chart = barChart(months.map(({ short, count }) => ({ label: short, count })));
    const total = months.reduce((sum, { count }) => sum + count, 0);
    const isolated = await this.encounters.isolated();
    const neverCame = isolated.filter((member) => !member.lastCameAt);
    const quiet = isolated
      .filter((member) => member.lastCameAt)
      .map((member) => ({
        ...member,
        lastCame: day(member.lastCameAt!),
        lastNew: member.lastNewEncounterAt
          ? day(member.lastNewEncounterAt)
          : this.templates.text(locale, 'admin-encounters.never'),
      }));
    return this.pages.send(request, reply, {
      name: 'pages/admin/encounters',
      section: 'encounters',
      context: {
        months,
        chart,
        first: months[0].month,
        last: months[months.length - 1].month,
        total,
        days: ISOLATED_AFTER_DAYS,
        oneTable: ONE_TABLE,
        neverCame,
        quiet,
      },
    });
  }
}
