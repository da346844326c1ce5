import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { OptionalField } from '../common/validation';
import { Membership } from './member.entity';

/** The kinds of mail a member may turn off; every other mail concerns an event they answered, or signing in. */
export const MAIL_TOPICS = ['invitations', 'reminders', 'digest'] as const;
export type MailTopic = (typeof MAIL_TOPICS)[number];

export type MailPreferences = Record<MailTopic, boolean>;

/** What a new member receives: every kind, but a guest (who came for one event) gets no digest until they ask. */
export function firstMailPreferences(membership: Membership): MailPreferences {
  return { invitations: true, reminders: true, digest: membership !== 'guest' };
}

/** What a member receives; in a change, the kinds left out stay as they are. */
export class MailPreferencesInput {
  @ApiPropertyOptional({ description: 'Invitations to new events.' })
  @OptionalField()
  @IsBoolean()
  invitations?: boolean;

  @ApiPropertyOptional({ description: 'Reminders before the events they are going to.' })
  @OptionalField()
  @IsBoolean()
  reminders?: boolean;

  @ApiPropertyOptional({ description: 'The weekly digest, on Monday mornings.' })
  @OptionalField()
  @IsBoolean()
  digest?: boolean;
}

export class MailPreferencesResponse implements MailPreferences {
  @ApiProperty() invitations: boolean;
  @ApiProperty() reminders: boolean;
  @ApiProperty() digest: boolean;
}
