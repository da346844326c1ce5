import { Body, Controller, Delete, Get, Header, HttpCode, Post, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { IdParam } from '../common/id-param';
import { EventsService } from '../events/events.service';
import { MembersService } from '../members/members.service';
import { attendeesCsv } from './attendees-csv';
import { AnswerDto, AttendanceResponse, CheckInDto, RegistrationResponse, RsvpLinkResponse } from './registration.dto';
import { Answers } from './answers';
import { RegistrationsService } from './registrations.service';
import { RsvpLinks } from './rsvp-links';

@ApiTags('registrations')
@ApiBearerAuth()
@Controller('api')
export class RegistrationsController {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly answers: Answers,
    private readonly events: EventsService,
    private readonly members: MembersService,
    private readonly links: RsvpLinks,
    private readonly audit: AuditService,
  ) {}

  @Put('events/:id/registrations/:memberId')
  @ApiConflictResponse({ description: 'The event is cancelled or has already started.' })
  async answer(
    @Req() request: FastifyRequest,
    @IdParam() id: string,
    @IdParam('memberId') memberId: string,
    @Body() { response }: AnswerDto,
  ): Promise<RegistrationResponse> {
    return (await this.answers.answer(id, memberId, response, this.audit.claim(request))).registration;
  }

  @Get('events/:id/registrations')
  list(@IdParam() id: string): Promise<RegistrationResponse[]> {
    return this.registrations.list(id);
  }

  @Delete('events/:id/registrations/:memberId')
  @HttpCode(204)
  remove(@IdParam() id: string, @IdParam('memberId') memberId: string): Promise<void> {
    return this.answers.remove(id, memberId);
  }

  /** The link a member answers through (mails carry it); handy to send by hand too. */
  @Get('events/:id/registrations/:memberId/rsvp-link')
  async rsvpLink(@IdParam() id: string, @IdParam('memberId') memberId: string): Promise<RsvpLinkResponse> {
    const [event, member] = await Promise.all([this.events.get(id), this.members.profile(memberId)]);
    return { url: this.links.url(member, event) };
  }

  @Post('events/:id/checkins')
  checkIn(@IdParam() id: string, @Body() { memberId }: CheckInDto): Promise<RegistrationResponse> {
    return this.registrations.checkIn(id, memberId);
  }

  @Delete('events/:id/checkins/:memberId')
  undoCheckIn(@IdParam() id: string, @IdParam('memberId') memberId: string): Promise<RegistrationResponse> {
    return this.registrations.undoCheckIn(id, memberId);
  }

  @Get('events/:id/attendees.csv')
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="attendees.csv"')
  async attendeesCsv(@IdParam() id: string): Promise<string> {
    return attendeesCsv(await this.registrations.attendees(id));
  }

  @Get('members/:id/attendance')
  attendance(@IdParam() id: string): Promise<AttendanceResponse[]> {
    return this.registrations.attendance(id);
  }
}
