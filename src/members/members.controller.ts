import { Body, Controller, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { IdParam } from '../common/id-param';
import { PageQuery, sendTotal } from '../common/pagination';
import { CreateMemberDto, MemberResponse, UpdateMemberDto } from './member.dto';
import { MembersService } from './members.service';

@ApiTags('members')
@ApiBearerAuth()
@Controller('api/members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Post()
  @ApiConflictResponse({ description: 'A member already has this email (in any case).' })
  create(@Body() input: CreateMemberDto): Promise<MemberResponse> {
    return this.members.create(input);
  }

  @Get()
  async list(@Query() page: PageQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<MemberResponse[]> {
    const { members, total } = await this.members.list(page);
    sendTotal(reply, total);
    return members;
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<MemberResponse> {
    return this.members.get(id);
  }

  @Patch(':id')
  update(@IdParam() id: string, @Body() changes: UpdateMemberDto): Promise<MemberResponse> {
    return this.members.update(id, changes);
  }

  @Post(':id/rsvp-links/revoke')
  @HttpCode(204)
  async revokeRsvpLinks(@IdParam() id: string): Promise<void> {
    await this.members.revokeRsvpLinks(id);
  }

  /** A new private feed URL; calendars subscribed to the old one get 404 from now on. */
  @Post(':id/feed-token')
  @HttpCode(200)
  rotateFeedToken(@IdParam() id: string): Promise<MemberResponse> {
    return this.members.rotateFeedToken(id);
  }
}
