import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IdParam } from '../common/id-param';
import { CancelEventDto, CreateSeriesDto, ExtendSeriesDto, SeriesResponse } from './event.dto';
import { SeriesService } from './series.service';

@ApiTags('series')
@ApiBearerAuth()
@Controller('api/series')
export class SeriesController {
  constructor(private readonly series: SeriesService) {}

  @Post()
  create(@Body() input: CreateSeriesDto): Promise<SeriesResponse> {
    return this.series.create(input);
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<SeriesResponse> {
    return this.series.get(id);
  }

  @Post(':id/extend')
  @HttpCode(200)
  extend(@IdParam() id: string, @Body() input: ExtendSeriesDto): Promise<SeriesResponse> {
    return this.series.extend(id, input);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@IdParam() id: string, @Body() { reason }: CancelEventDto): Promise<SeriesResponse> {
    return this.series.cancel(id, reason);
  }
}
