import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IdParam } from '../common/id-param';
import { PageQuery, sendTotal } from '../common/pagination';
import { InboxMessageResponse } from './inbox.dto';
import { InboxService } from './inbox.service';

@ApiTags('replies')
@ApiBearerAuth()
@Controller('api/inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  /** What arrived at the reply addresses, newest first, and what was done with each message. */
  @Get()
  async list(
    @Query() query: PageQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<InboxMessageResponse[]> {
    const { messages, total } = await this.inbox.list(query.limit, query.offset);
    sendTotal(reply, total);
    return messages;
  }

  /** The message as it arrived (kept 30 days), for an organiser to read what a client sent. */
  @Get(':id/raw')
  async raw(@IdParam() id: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const raw = await this.inbox.raw(id);
    reply.header('Content-Type', 'message/rfc822');
    return raw;
  }
}
