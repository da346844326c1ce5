import { Inject, Injectable } from '@nestjs/common';
import { uuidBytes, uuidOf } from '../common/uuid-bytes';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { MAIL_TOPICS, MailTopic } from '../members/mail-preferences';
import { MemberProfile, MembersService } from '../members/members.service';
import { SpaceService } from '../space/space.service';
import { Locale } from '../common/locale';
import { TemplatesService } from '../templates/templates.service';

/** Member, link version, and the kinds of mail the link turns off (one bit each, in the order of MAIL_TOPICS). */
const PAYLOAD_BYTES = 16 + 4 + 1;
/** Links sent before they named kinds of mail promised "no more invitations and reminders". */
const KINDLESS_PAYLOAD_BYTES = 16 + 4;
/** Links sent before they carried the link version name the member alone: they work while it is still 0. */
const VERSIONLESS_PAYLOAD_BYTES = 16;
const KINDLESS_TOPICS: MailTopic[] = ['invitations', 'reminders'];

export interface UnsubscribeGrant {
  member: MemberProfile;
  /** The kinds of mail the link turns off: the kind it came in, or every kind from a mail of no kind. */
  topics: MailTopic[];
}

/**
 * The signed link in List-Unsubscribe and in every mail's footer: the member, their link version (revoking the
 * member's links, POST /api/members/:id/rsvp-links/revoke, stops it too) and the kinds of mail it turns off.
 */
@Injectable()
export class UnsubscribeLinks {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly space: SpaceService,
    private readonly members: MembersService,
  ) {}

  url(member: MemberProfile, topics: readonly MailTopic[]): string {
    const payload = Buffer.alloc(PAYLOAD_BYTES);
    uuidBytes(member.id).copy(payload, 0);
    payload.writeUInt32BE(member.rsvpVersion, 16);
    payload.writeUInt8(
      MAIL_TOPICS.reduce((bits, topic, bit) => (topics.includes(topic) ? bits | (1 << bit) : bits), 0),
      20,
    );
    return `${this.settings.publicUrl}/unsubscribe/${this.space.sign('unsubscribe', payload)}`;
  }

  /** The member and kinds a token names, or null when it was tampered with or the member's links were revoked since. */
  async grantOf(token: string): Promise<UnsubscribeGrant | null> {
    const payload =
      this.space.verify('unsubscribe', token, PAYLOAD_BYTES) ??
      this.space.verify('unsubscribe', token, KINDLESS_PAYLOAD_BYTES) ??
      this.space.verify('unsubscribe', token, VERSIONLESS_PAYLOAD_BYTES);
    if (!payload) return null;
    const version = payload.length > VERSIONLESS_PAYLOAD_BYTES ? payload.readUInt32BE(16) : 0;
    const [member] = await this.members.profiles([uuidOf(payload.subarray(0, 16))]);
    if (member?.rsvpVersion !== version) return null;
    const topics =
      payload.length === PAYLOAD_BYTES
        ? MAIL_TOPICS.filter((_topic, bit) => payload.readUInt8(20) & (1 << bit))
        : KINDLESS_TOPICS;
    return topics.length ? { member, topics } : null;
  }
}

/** "the invitations, the reminders and the weekly digest", in the member's language. */
export function topicsText(templates: TemplatesService, locale: Locale, topics: readonly MailTopic[]): string {
  const names = topics.map((topic) => templates.text(locale, `mailTopic.${topic}`));
  return new Intl.ListFormat(locale, { type: 'conjunction' }).format(names);
}
