import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { OptionalField, SingleLine, trim } from '../common/validation';
import { LOCALES, Locale } from '../common/locale';
import { MailPreferencesInput, MailPreferencesResponse } from './mail-preferences';
import { MEMBERSHIPS, Membership, Role, ROLES } from './member.entity';

export class CreateMemberDto {
  @ApiProperty({ example: 'Camille Martin' })
  @Transform(trim)
  @IsString()
  @SingleLine()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiProperty({ example: 'camille@example.org', description: 'Unique, whatever its case.' })
  @Transform(trim)
  @SingleLine()
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiPropertyOptional({ enum: LOCALES, default: 'fr' })
  @OptionalField()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ type: [String], example: ['graphic designer'], description: 'Trades and know-how.' })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @SingleLine({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(100, { each: true })
  skills?: string[];

  @ApiPropertyOptional({ enum: MEMBERSHIPS, default: 'nomad' })
  @OptionalField()
  @IsIn(MEMBERSHIPS)
  membership?: Membership;

  @ApiPropertyOptional({ example: 'Atelier Nord', nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @SingleLine()
  @MaxLength(200)
  company?: string | null;

  @ApiPropertyOptional({ example: 'Je crée des identités visuelles pour les commerces de bouche.', nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @SingleLine()
  @MaxLength(300)
  bio?: string | null;

  @ApiPropertyOptional({
    type: MailPreferencesInput,
    description:
      'Which mails the member receives; each kind left out stays as it is (for a new member: on, but a guest gets no digest).',
  })
  @OptionalField()
  @IsObject()
  @ValidateNested()
  @Type(() => MailPreferencesInput)
  mailPreferences?: MailPreferencesInput;
}

/** Fields left out stay as they are; null is refused except where a field may be empty (company, bio). */
export class UpdateMemberDto extends PartialType(CreateMemberDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({ enum: ROLES, description: 'Organisers sign in to /admin and may hold personal API tokens.' })
  @OptionalField()
  @IsIn(ROLES)
  role?: Role;
}

export class MemberResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty({ type: [String] }) skills: string[];
  @ApiProperty({ enum: MEMBERSHIPS }) membership: Membership;
  @ApiProperty({ nullable: true, type: String }) company: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'One line on what they do.' }) bio: string | null;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ description: "The member's private iCal feed; subscribe to it once." }) feedUrl: string;
  @ApiProperty({
    type: MailPreferencesResponse,
    description: 'The mails the member receives; the unsubscribe link of each kind turns it off.',
  })
  mailPreferences: MailPreferencesResponse;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
