import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsId, IsTimeZone, MultiLine, OptionalField, SingleLine, trim } from '../common/validation';
import { COHORT_MEMBER_STATUSES, CohortMemberStatus } from './cohort-member.entity';
import { SESSION_KINDS, SessionKind } from './session-plan';

export const MAX_COHORT_CAPACITY = 12;

export class CreateCohortDto {
  @ApiProperty({ example: 'Workclub de printemps' })
  @Transform(trim)
  @IsString()
  @SingleLine()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @SingleLine() @MaxLength(200) theme?:
    string | null;

  @ApiPropertyOptional({ nullable: true, description: 'A partner company whose employees join.' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @MaxLength(200)
  sponsor?: string | null;

  @ApiProperty({ example: '2027-03-01', description: 'First day, YYYY-MM-DD.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startsOn must be a date written YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'startsOn must be a real date' })
  startsOn: string;

  @ApiPropertyOptional({ default: 45, minimum: 7, maximum: 365 })
  @OptionalField()
  @IsInt()
  @Min(7)
  @Max(365)
  durationDays?: number;

  @ApiPropertyOptional({ default: 4, minimum: 2, maximum: MAX_COHORT_CAPACITY })
  @OptionalField()
  @IsInt()
  @Min(2)
  @Max(MAX_COHORT_CAPACITY)
  capacity?: number;

  @ApiPropertyOptional({ default: '12:30', description: 'Local start of every session.' })
  @OptionalField()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'sessionTime must be a time written HH:MM' })
  sessionTime?: string;

  @ApiPropertyOptional({ default: 90 })
  @OptionalField()
  @IsInt()
  @Min(15)
  @Max(600)
  sessionMinutes?: number;

  @ApiPropertyOptional({
    description: 'Day of the weekly check-in, 1 = Monday ... 7 = Sunday; default the first day’s.',
  })
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(7)
  checkInWeekday?: number;

  @ApiPropertyOptional({ description: "IANA zone; default the space's." })
  @OptionalField()
  @IsTimeZone()
  timezone?: string;
}

export class ProjectDto {
  @ApiProperty() @IsId() memberId: string;

  @ApiProperty({ example: 'Lancer ma marque de vêtements' })
  @Transform(trim)
  @IsString()
  @SingleLine()
  @IsNotEmpty()
  @MaxLength(200)
  projectTitle: string;

  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MultiLine() @MaxLength(2000) projectGoal?:
    string | null;

  @ApiPropertyOptional({ nullable: true, description: 'What help they need from the others.' })
  @IsOptional()
  @IsString()
  @MultiLine()
  @MaxLength(2000)
  helpNeeded?: string | null;
}

export class NoteDto {
  @ApiProperty({ example: 'Trois clients potentiels rencontrés.' })
  @IsString()
  @MultiLine()
  @IsNotEmpty()
  @MaxLength(2000)
  note: string;
}

export const COHORT_PHASES = ['upcoming', 'running', 'past'] as const;
export type CohortPhase = (typeof COHORT_PHASES)[number];

export class CohortQuery {
  @ApiPropertyOptional({ enum: COHORT_PHASES })
  @IsOptional()
  @IsIn(COHORT_PHASES)
  status?: CohortPhase;
}

export class SessionResponse {
  @ApiProperty() eventId: string;
  @ApiProperty({ enum: SESSION_KINDS }) kind: SessionKind;
  @ApiProperty() title: string;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty() localStartsAt: string;
}

export class ProjectResponse {
  @ApiProperty() memberId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: COHORT_MEMBER_STATUSES }) status: CohortMemberStatus;
  @ApiProperty() projectTitle: string;
  @ApiProperty({ nullable: true, type: String }) projectGoal: string | null;
  @ApiProperty({ nullable: true, type: String }) helpNeeded: string | null;
  @ApiProperty({ description: 'Progress notes, one per session, in session order.' })
  notes: { eventId: string; note: string; updatedAt: Date }[];
}

export class CohortResponse {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) theme: string | null;
  @ApiProperty({ nullable: true, type: String }) sponsor: string | null;
  @ApiProperty() startsOn: string;
  @ApiProperty({ description: 'Last day, inclusive.' }) endsOn: string;
  @ApiProperty() durationDays: number;
  @ApiProperty() capacity: number;
  @ApiProperty() seatsLeft: number;
  @ApiProperty({ enum: COHORT_PHASES }) status: CohortPhase;
  @ApiProperty() timezone: string;
  @ApiProperty({ description: "The cohort's iCal feed (its sessions)." }) feedUrl: string;
  @ApiProperty({ description: "The cohort's page for its members: projects, notes, sessions." }) pageUrl: string;
  @ApiProperty({ type: [SessionResponse] }) sessions: SessionResponse[];
  @ApiProperty({ type: [ProjectResponse] }) members: ProjectResponse[];
}
