import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { CohortQuery, CohortResponse, CreateCohortDto, NoteDto, ProjectDto } from './cohort.dto';
import { CohortAdmissions } from './cohort-admissions';
import { CohortsService } from './cohorts.service';

@ApiTags('cohorts')
@ApiBearerAuth()
@Controller('api')
export class CohortsController {
  constructor(
    private readonly cohorts: CohortsService,
    private readonly admissions: CohortAdmissions,
  ) {}

  @Post('cohorts')
  create(@Body() input: CreateCohortDto): Promise<CohortResponse> {
    return this.cohorts.create(input);
  }

  @Get('cohorts')
  list(@Query() { status }: CohortQuery): Promise<CohortResponse[]> {
    return this.cohorts.list(status);
  }

  @Get('cohorts/:id')
  get(@Param('id') id: string): Promise<CohortResponse> {
    return this.cohorts.get(id);
  }

  /** Organisers add a member with their project directly. */
  @Post('cohorts/:id/members')
  @ApiConflictResponse({ description: 'The cohort is full.' })
  add(@Param('id') id: string, @Body() project: ProjectDto): Promise<CohortResponse> {
    return this.admissions.admit(id, project.memberId, project);
  }

  /** A member applies with a project. */
  @Post('cohorts/:id/applications')
  apply(@Param('id') id: string, @Body() project: ProjectDto): Promise<CohortResponse> {
    return this.admissions.apply(id, project);
  }

  @Post('cohorts/:id/applications/:memberId/accept')
  @HttpCode(200)
  @ApiConflictResponse({ description: 'The cohort is full.' })
  accept(@Param('id') id: string, @Param('memberId') memberId: string): Promise<CohortResponse> {
    return this.admissions.admit(id, memberId);
  }

  @Post('cohorts/:id/applications/:memberId/decline')
  @HttpCode(200)
  decline(@Param('id') id: string, @Param('memberId') memberId: string): Promise<CohortResponse> {
    return this.admissions.decline(id, memberId);
  }

  @Put('cohorts/:id/sessions/:eventId/notes/:memberId')
  note(
    @Param('id') id: string,
    @Param('eventId') eventId: string,
    @Param('memberId') memberId: string,
    @Body() { note }: NoteDto,
  ) {
    return this.cohorts.writeNote(id, eventId, memberId, note);
  }

  @Get('members/:id/cohorts')
  ofMember(@Param('id') id: string): Promise<CohortResponse[]> {
    return this.cohorts.ofMember(id);
  }
}
