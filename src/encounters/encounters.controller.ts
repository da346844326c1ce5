import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiTags } from '@nestjs/swagger';
import { EncounterResponse, TablePlanRequest, TablePlanResponse } from './encounter.dto';
import { EncountersService } from './encounters.service';

@ApiTags('encounters')
@ApiBearerAuth()
@Controller('api')
export class EncountersController {
  constructor(private readonly encounters: EncountersService) {}

  /** Seats the going members so that people who have not met sit together; asking again replaces the plan. */
  @Post('events/:id/table-plan')
  @ApiConflictResponse({ description: 'The event is cancelled.' })
  plan(@Param('id') id: string, @Body() request: TablePlanRequest): Promise<TablePlanResponse> {
    return this.encounters.plan(id, request);
  }

  @Get('events/:id/table-plan')
  get(@Param('id') id: string): Promise<TablePlanResponse> {
    return this.encounters.get(id);
  }

  @Get('members/:id/encounters')
  ofMember(@Param('id') id: string): Promise<EncounterResponse[]> {
    return this.encounters.encountersOf(id);
  }
}
