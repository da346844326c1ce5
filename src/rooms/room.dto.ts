import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MultiLine, SingleLine, trim } from '../common/validation';

export const MAX_CAPACITY = 10_000;

export class CreateRoomDto {
  @ApiProperty({ example: 'La bulle' })
  @Transform(trim)
  @IsString()
  @SingleLine()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ example: 12, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MultiLine()
  @MaxLength(2000)
  description?: string | null;
}

export class UpdateRoomDto extends PartialType(CreateRoomDto, { skipNullProperties: false }) {}

export class RoomResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: Number }) capacity: number | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
