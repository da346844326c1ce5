import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsId, IsInstant, IsTimeZone, MultiLine, OptionalField, SingleLine, trim } from '../common/validation';
import { MAX_CAPACITY } from '../rooms/room.dto';
import { EVENT_KINDS, EVENT_STATUSES, EventKind, EventStatus, VISIBILITIES, Visibility } from './event.entity';
import { MAX_OCCURRENCES } from './recurrence';

export class CreateEventDto {
  @ApiProperty({ enum: EVENT_KINDS, example: 'colunch' })
  @IsIn(EVENT_KINDS)
  kind: EventKind;

  @ApiProperty({ example: 'Colunch : la facturation en freelance' })
  @Transform(trim)
  @IsString()
  @SingleLine()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MultiLine()
  @MaxLength(10_000)
  description?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'The precise theme the host shares their know-how on.' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @SingleLine()
  @MaxLength(200)
  theme?: string | null;

  @ApiProperty({ example: '2026-03-24T12:30:00+01:00', description: 'ISO 8601 with an offset or Z.' })
  @IsInstant()
  startsAt: string;

  @ApiProperty({ example: '2026-03-24T14:00:00+01:00' })
  @IsInstant()
  endsAt: string;

  @ApiPropertyOptional({ example: 'Europe/Paris', description: "IANA zone of the event; default the space's." })
  @OptionalField()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ nullable: true, example: 'Grande table, 2e étage' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @SingleLine()
  @MaxLength(300)
  location?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'A room of the space; two events cannot overlap in one room.' })
  @IsOptional()
  @IsId()
  roomId?: string | null;

  @ApiPropertyOptional({ nullable: true, description: "Seats; default the room's capacity, else unlimited." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'Quorum: the event happens only if this many say yes.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  minAttendees?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'When the quorum is decided; required with minAttendees.' })
  @IsOptional()
  @IsInstant()
  quorumDeadline?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Members who host or speak.' })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(20)
  @IsId({ each: true })
  @ArrayUnique()
  hostIds?: string[];

  @ApiPropertyOptional({ enum: VISIBILITIES, default: 'members' })
  @OptionalField()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;

  @ApiPropertyOptional({ nullable: true, description: 'Live stream or video link.' })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(500)
  streamUrl?: string | null;
}

export const EDIT_SCOPES = ['this', 'following'] as const;
export type EditScope = (typeof EDIT_SCOPES)[number];

export class UpdateEventDto extends PartialType(CreateEventDto, { skipNullProperties: false }) {}

export class EditScopeQuery {
  @ApiPropertyOptional({
    enum: EDIT_SCOPES,
    default: 'this',
    description: 'For an occurrence of a series: edit only it, or it and all following ones.',
  })
  @IsOptional()
  @IsIn(EDIT_SCOPES)
  scope: EditScope = 'this';
}

export class CancelEventDto {
  @ApiPropertyOptional({ example: 'Le formateur est malade' })
  @IsOptional()
  @IsString()
  @MultiLine()
  @MaxLength(1000)
  reason?: string;
}

export class EventQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Events starting at or after this instant.' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Events starting before this instant.' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({ enum: EVENT_KINDS })
  @IsOptional()
  @IsIn(EVENT_KINDS)
  kind?: EventKind;

  @ApiPropertyOptional({ enum: VISIBILITIES })
  @IsOptional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;

  @ApiPropertyOptional({ enum: EVENT_STATUSES })
  @IsOptional()
  @IsIn(EVENT_STATUSES)
  status?: EventStatus;

  @ApiPropertyOptional({ description: 'Events whose title contains this text (any case).' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional() @IsOptional() @IsId() hostId?: string;
  @ApiPropertyOptional() @IsOptional() @IsId() roomId?: string;
  @ApiPropertyOptional() @IsOptional() @IsId() seriesId?: string;
}

export class AnswerCounts {
  @ApiProperty() going: number;
  @ApiProperty() waitlisted: number;
  @ApiProperty() maybe: number;
  @ApiProperty() declined: number;
}

export class EventResponse extends OmitType(CreateEventDto, ['startsAt', 'endsAt', 'quorumDeadline']) {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'iCalendar UID, stable for the life of the event.' }) uid: string;
  @ApiProperty({ nullable: true, type: String }) seriesId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The workclub cohort of a session.' }) cohortId:
    string | null;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty({ description: "Start in the event's zone, with its offset." }) localStartsAt: string;
  @ApiProperty({ description: "End in the event's zone, with its offset." }) localEndsAt: string;
  @ApiProperty({ nullable: true, type: Date }) quorumDeadline: Date | null;
  @ApiProperty({ enum: EVENT_STATUSES }) status: EventStatus;
  @ApiProperty({ nullable: true, type: String }) cancelReason: string | null;
  @ApiProperty({ nullable: true, type: Date }) cancelledAt: Date | null;
  @ApiProperty({ description: 'iCalendar SEQUENCE.' }) sequence: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null when the event has no capacity.' })
  seatsLeft: number | null;
  @ApiProperty() counts: AnswerCounts;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class CreateSeriesDto extends CreateEventDto {
  @ApiProperty({
    example: 'FREQ=WEEKLY;BYDAY=TU;COUNT=12',
    description: 'RFC 5545 RRULE (COUNT or UNTIL required); the first occurrence is startsAt.',
  })
  @Transform(trim)
  @IsString()
  @SingleLine()
  @MaxLength(500)
  rrule: string;
}

export class ExtendSeriesDto {
  @ApiPropertyOptional({
    description: 'How many occurrences to add after the last one (not the new total).',
    minimum: 1,
    maximum: MAX_OCCURRENCES,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_OCCURRENCES)
  count?: number;

  @ApiPropertyOptional({ description: 'The new last possible start (UNTIL), an instant after the last occurrence.' })
  @IsOptional()
  @IsInstant()
  until?: string;
}

export class OccurrenceResponse {
  @ApiProperty() id: string;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty({ enum: EVENT_STATUSES }) status: EventStatus;
}

export class SeriesResponse {
  @ApiProperty() id: string;
  @ApiProperty() rrule: string;
  @ApiProperty() timezone: string;
  @ApiProperty({ type: [OccurrenceResponse] }) occurrences: OccurrenceResponse[];
}
