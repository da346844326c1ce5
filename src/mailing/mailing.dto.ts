import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsOptional } from 'class-validator';
import { IsId, NotWith } from '../common/validation';
import { PageQuery } from '../common/pagination';
import { MAIL_KINDS, MailKind, OUTBOX_STATUSES, OutboxStatus } from '../outbox/outbox-message.entity';

export class InviteDto {
  @ApiPropertyOptional({ type: [String], description: 'Members to invite (or all: true, not both).' })
  @IsOptional()
  @NotWith('all')
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsId({ each: true })
  @ArrayUnique()
  memberIds?: string[];

  @ApiPropertyOptional({ description: 'Invite every member (then give no memberIds).' })
  @IsOptional()
  @NotWith('memberIds')
  @IsBoolean()
  all?: boolean;

  @ApiPropertyOptional({ description: 'Send again to members already invited.' })
  @IsOptional()
  @IsBoolean()
  resend?: boolean;
}

export class InvitationsQueued {
  @ApiProperty({ description: 'Invitations queued for sending.' }) queued: number;
  @ApiProperty({ description: 'Members already invited (send again with resend: true).' }) alreadyInvited: number;
  @ApiProperty({ description: 'Members who unsubscribed from invitations.' }) unsubscribed: number;
}

/** What an invitation would do, before it is sent (the organisers' app shows it). */
export interface InvitationPreview {
  /** Members who would get a mail. */
  toSend: string[];
  /** Members left out because they were invited already. */
  alreadyInvited: string[];
  /** How many left out because they unsubscribed. */
  unsubscribed: number;
}

export class OutboxQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES)
  status?: OutboxStatus;
}

export class OutboxMessageResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: MAIL_KINDS }) kind: MailKind;
  @ApiProperty({ nullable: true, type: String, description: "Null for a guest's confirmation (not a member yet)." })
  memberId: string | null;
  @ApiProperty({ nullable: true, type: String }) eventId: string | null;
  @ApiProperty({ enum: OUTBOX_STATUSES }) status: OutboxStatus;
  @ApiProperty() attempts: number;
  @ApiProperty() nextAttemptAt: Date;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String }) recipient: string | null;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) sentAt: Date | null;
}
