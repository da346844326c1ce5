import { ApiProperty } from '@nestjs/swagger';
import { RESPONSES, Response } from '../registrations/registration.entity';
import { INBOX_OUTCOMES, InboxChannel, InboxOutcome } from './inbox-message.entity';

class Named {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

class Titled {
  @ApiProperty() id: string;
  @ApiProperty() title: string;
}

/** A message that came to a reply address, and what was done with it. */
export class InboxMessageResponse {
  @ApiProperty() id: string;
  @ApiProperty() receivedAt: Date;
  @ApiProperty({ enum: ['smtp', 'imap'] }) via: InboxChannel;
  @ApiProperty({ nullable: true, type: String }) messageId: string | null;
  @ApiProperty({ nullable: true, type: String }) from: string | null;
  @ApiProperty({ nullable: true, type: String }) subject: string | null;
  @ApiProperty({ nullable: true, type: Named, description: 'whose answer it is (from the reply address)' })
  member: Named | null;
  @ApiProperty({ nullable: true, type: Titled }) event: Titled | null;
  @ApiProperty({ enum: INBOX_OUTCOMES }) outcome: InboxOutcome;
  @ApiProperty({ nullable: true, type: String, description: 'why nothing changed' }) reason: string | null;
  @ApiProperty({ nullable: true, enum: RESPONSES, description: 'the answer applied' }) response: Response | null;
  @ApiProperty({ nullable: true, type: String, description: 'what the person wrote' }) text: string | null;
}
