import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { IsId } from '../common/validation';
import { REGISTRATION_STATUSES, RegistrationStatus, Response, RESPONSES } from './registration.entity';

export class AnswerDto {
  @ApiProperty({ enum: RESPONSES })
  @IsIn(RESPONSES)
  response: Response;
}

export class CheckInDto {
  @ApiProperty()
  @IsId()
  memberId: string;
}

export class RegistrationResponse {
  @ApiProperty() eventId: string;
  @ApiProperty() memberId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ['host', 'attendee'] }) role: string;
  @ApiProperty({ enum: RESPONSES }) response: Response;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty({ nullable: true, type: Number, description: 'Place on the waitlist, from 1; null unless waitlisted.' })
  position: number | null;
  @ApiProperty() answeredAt: Date;
  @ApiProperty({ nullable: true, type: Date }) checkedInAt: Date | null;
}

export class AttendanceResponse {
  @ApiProperty() eventId: string;
  @ApiProperty() title: string;
  @ApiProperty() startsAt: Date;
  @ApiProperty({ enum: REGISTRATION_STATUSES }) status: RegistrationStatus;
  @ApiProperty({ nullable: true, type: Date }) checkedInAt: Date | null;
}

export class RsvpLinkResponse {
  @ApiProperty({ description: 'The page where the member answers; valid until a day after the event.' }) url: string;
}
