import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SignedIn } from '../../signin/session.decorators';
import { AdminPages } from '../admin-pages';
import { AHEAD_DAYS, Dashboard, SERIES_ENDING_DAYS } from './dashboard';

/** `/admin`: where an organiser lands after signing in. */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin')
export class DashboardController {
  constructor(
    private readonly dashboard: Dashboard,
    private readonly pages: AdminPages,
  ) {}

  @Get()
  async show(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { visitor, locale } = this.pages.organiser(request);
    return this.pages.send(request, reply, {
      name: 'pages/admin/dashboard',
      section: 'dashboard',
      context: {
        member: visitor.member,
        days: AHEAD_DAYS,
        endingDays: SERIES_ENDING_DAYS,
        ...(await this.dashboard.of(locale)),
      },
    });
  }
}
