import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class TablePlanRequest {
  @ApiPropertyOptional({ example: 4, description: 'People per table at most; or give `tables`.' })
  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(50)
  tableSize?: number;

  @ApiPropertyOptional({ example: 5, description: 'How many tables; or give `tableSize`.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  tables?: number;

  @ApiPropertyOptional({ description: 'The same history and seed give the same plan; a new one is drawn otherwise.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2 ** 31 - 1)
  seed?: number;
}

export class TableResponse {
  @ApiProperty({ example: 1 }) number: number;
  @ApiProperty({ type: [String], description: 'Hosts first.' }) memberIds: string[];
}

export class TablePlanResponse {
  @ApiProperty() eventId: string;
  @ApiProperty({ type: [TableResponse] }) tables: TableResponse[];
  @ApiProperty({ description: 'Pairs seated together who had never met.' }) newPairs: number;
  @ApiProperty({ description: 'Pairs seated together who had met before.' }) repeatedPairs: number;
  @ApiProperty({ nullable: true, type: Number, description: 'The seed of this plan (absent when read back).' })
  seed: number | null;
  @ApiProperty() plannedAt: Date;
}

export class EncounterResponse {
  @ApiProperty({ description: 'The member met.' }) memberId: string;
  @ApiProperty() times: number;
  @ApiProperty({ description: 'When they met for the first time: a new encounter of that month.' }) firstMetAt: Date;
  @ApiProperty() lastMetAt: Date;
}
