import { Body, Controller, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IdParam } from '../common/id-param';
import { sendTotal } from '../common/pagination';
import { CancelEventDto, CreateEventDto, EditScopeQuery, EventQuery, EventResponse, UpdateEventDto } from './event.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@ApiBearerAuth()
@Controller('api/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @ApiConflictResponse({ description: 'The room is taken at that time; the answer names the other event.' })
  create(@Body() input: CreateEventDto): Promise<EventResponse> {
    return this.events.create(input);
  }

  @Get()
  async list(@Query() query: EventQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<EventResponse[]> {
    const { events, total } = await this.events.list(query);
    sendTotal(reply, total);
    return events;
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<EventResponse> {
    return this.events.get(id);
  }

  @Patch(':id')
  update(@IdParam() id: string, @Query() { scope }: EditScopeQuery, @Body() changes: UpdateEventDto) {
    return this.events.update(id, changes, scope);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@IdParam() id: string, @Body() { reason }: CancelEventDto): Promise<EventResponse> {
    return this.events.cancel(id, reason);
  }
}
