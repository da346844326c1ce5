import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IdParam } from '../common/id-param';
import { sendTotal } from '../common/pagination';
import { InvitationsQueued, InviteDto, OutboxMessageResponse, OutboxQuery } from './mailing.dto';
import { MailingService } from './mailing.service';
import { OutboxMessage } from './outbox-message.entity';
import { OutboxService } from './outbox.service';

const toResponse = ({
  claimedBy: _by,
  claimedUntil: _until,
  details: _details,
  ...row
}: OutboxMessage): OutboxMessageResponse => row;

@ApiTags('mailing')
@ApiBearerAuth()
@Controller('api')
export class MailingController {
  constructor(
    private readonly mailing: MailingService,
    private readonly outbox: OutboxService,
  ) {}

  /** Queues one invitation per member (with an iCalendar REQUEST and answer links). */
  @Post('events/:id/invitations')
  @HttpCode(202)
  invite(@IdParam() id: string, @Body() input: InviteDto): Promise<InvitationsQueued> {
    return this.mailing.invite(id, input);
  }

  /** Mails waiting, sent, skipped or failed (`?status=failed`: what organisers must look at). */
  @Get('outbox')
  async list(
    @Query() query: OutboxQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OutboxMessageResponse[]> {
    const [rows, total] = await this.outbox.list(query.status, query.limit, query.offset);
    sendTotal(reply, total);
    return rows.map(toResponse);
  }

  @Post('outbox/:id/retry')
  @HttpCode(200)
  async retry(@IdParam() id: string): Promise<OutboxMessageResponse> {
    return toResponse(await this.outbox.retry(id));
  }
}
