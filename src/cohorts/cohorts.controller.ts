import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { IdParam } from '../common/id-param';
import { CohortQuery, CohortResponse, CreateCohortDto, NoteDto, ProjectDto } from './cohort.dto';
import { CohortsService } from './cohorts.service';

@ApiTags('cohorts')
@ApiBearerAuth()
@Controller('api')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  @Post('cohorts')
  create(@Body() input: CreateCohortDto): Promise<CohortResponse> {
    return this.cohorts.create(input);
  }

  @Get('cohorts')
  list(@Query() { status }: CohortQuery): Promise<CohortResponse[]> {
    return this.cohorts.list(status);
  }

  @Get('cohorts/:id')
  get(@IdParam() id: string): Promise<CohortResponse> {
    return this.cohorts.get(id);
  }

  /** Organisers add a member with their project directly. */
  @Post('cohorts/:id/members')
  @ApiConflictResponse({ description: 'The cohort is full.' })
  add(@IdParam() id: string, @Body() project: ProjectDto): Promise<CohortResponse> {
    return this.cohorts.admit(id, project.memberId, project);
  }

  /** A member applies with a project. */
  @Post('cohorts/:id/applications')
  apply(@IdParam() id: string, @Body() project: ProjectDto): Promise<CohortResponse> {
    return this.cohorts.apply(id, project);
  }

  @Post('cohorts/:id/applications/:memberId/accept')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'The cohort is full.' })
  accept(@IdParam() id: string, @IdParam('memberId') memberId: string): Promise<CohortResponse> {
    return this.cohorts.admit(id, memberId);
  }

  @Post('cohorts/:id/applications/:memberId/decline')
  @HttpCode(200)
  decline(@IdParam() id: string, @IdParam('memberId') memberId: string): Promise<CohortResponse> {
    return this.cohorts.decline(id, memberId);
  }

  @Put('cohorts/:id/sessions/:eventId/notes/:memberId')
  note(
    @IdParam() id: string,
    @IdParam('eventId') eventId: string,
    @IdParam('memberId') memberId: string,
    @Body() { note }: NoteDto,
  ) {
    return this.cohorts.writeNote(id, eventId, memberId, note);
  }

  @Get('members/:id/cohorts')
  ofMember(@IdParam() id: string): Promise<CohortResponse[]> {
    return this.cohorts.ofMember(id);
  }
}
