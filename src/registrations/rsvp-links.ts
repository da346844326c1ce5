import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { uuidBytes, uuidOf } from '../common/uuid-bytes';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { MemberProfile, MembersService } from '../members/members.service';
import { SpaceService } from '../space/space.service';

/** A link stays valid until a day after the event ends. */
const VALID_AFTER_EVENT_MS = 24 * 3600 * 1000;
const PAYLOAD_BYTES = 16 + 16 + 4 + 4;

export interface RsvpGrant {
  member: MemberProfile;
  eventId: string;
}

/**
 * The signed token in an RSVP link: member, event, expiry and the member's link version, under HMAC-SHA256 with the
 * space's secret. Base64url, 96 characters; revoked by bumping the member's version.
 */
@Injectable()
export class RsvpLinks {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly space: SpaceService,
    private readonly members: MembersService,
    private readonly clock: Clock,
  ) {}

  url(member: MemberProfile, event: { id: string; endsAt: Date }): string {
    const payload = Buffer.alloc(PAYLOAD_BYTES);
    uuidBytes(member.id).copy(payload, 0);
    uuidBytes(event.id).copy(payload, 16);
    payload.writeUInt32BE(Math.floor((event.endsAt.getTime() + VALID_AFTER_EVENT_MS) / 1000), 32);
    payload.writeUInt32BE(member.rsvpVersion, 36);
    return `${this.settings.publicUrl}/rsvp/${this.space.sign('rsvp', payload)}`;
  }

  /** The Yes / Maybe / No links of a mail: each opens the RSVP page with that answer preselected. */
  answers(member: MemberProfile, event: { id: string; endsAt: Date }): Record<'yes' | 'maybe' | 'no', string> {
    const url = this.url(member, event);
    return { yes: `${url}?response=yes`, maybe: `${url}?response=maybe`, no: `${url}?response=no` };
  }

  /** The member and event a token grants an answer for, or null when it is tampered, expired or revoked. */
  async verify(token: string): Promise<RsvpGrant | null> {
    const payload = this.space.verify('rsvp', token, PAYLOAD_BYTES);
    if (!payload || payload.readUInt32BE(32) * 1000 < this.clock.now().getTime()) return null;
    const [member] = await this.members.profiles([uuidOf(payload.subarray(0, 16))]);
    if (!member || member.rsvpVersion !== payload.readUInt32BE(36)) return null;
    return { member, eventId: uuidOf(payload.subarray(16, 32)) };
  }
}
