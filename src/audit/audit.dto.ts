import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import { IsInstant, SingleLine } from '../common/validation';
import { ACTOR_KINDS, ActorKind } from '../common/actor';

export class AuditQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'The kind of thing: member, event, series, room, cohort, mail, api-token.' })
  @IsOptional()
  @IsString()
  @SingleLine()
  @MaxLength(50)
  kind?: string;

  @ApiPropertyOptional({ description: "The thing's id." })
  @IsOptional()
  @IsString()
  @SingleLine()
  @MaxLength(100)
  thingId?: string;

  @ApiPropertyOptional({
    description:
      'Who: an organiser (member id: signed in or through their tokens), a personal token id, or admin-token.',
  })
  @IsOptional()
  @IsString()
  @SingleLine()
  @MaxLength(100)
  actor?: string;

  @ApiPropertyOptional({ description: 'From this instant, inclusive (ISO 8601 with an offset or Z).' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ description: 'Before this instant (ISO 8601 with an offset or Z).' })
  @IsOptional()
  @IsInstant()
  to?: string;
}

export class AuditEntryResponse {
  @ApiProperty() id: string;
  @ApiProperty() at: Date;
  @ApiProperty({ enum: ACTOR_KINDS }) actorKind: ActorKind;
  @ApiProperty({ nullable: true, type: String }) actorMemberId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorTokenId: string | null;
  @ApiProperty({ description: "The organiser's name, the personal token's name, or admin token." }) actorName: string;
  @ApiProperty({ example: 'update' }) action: string;
  @ApiProperty({ example: 'event' }) thingKind: string;
  @ApiProperty({ nullable: true, type: String }) thingId: string | null;
  @ApiProperty({ example: { memberId: '...' } }) related: Record<string, string>;
  @ApiProperty({ type: [String], description: 'Names of the fields sent, never their values.' }) fields: string[];
}
