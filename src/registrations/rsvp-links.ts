import { Inject, Injectable } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Clock } from '../common/clock';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { MemberProfile, MembersService } from '../members/members.service';
import { SpaceService } from '../space/space.service';

/** A link stays valid until a day after the event ends. */
const VALID_AFTER_EVENT_MS = 24 * 3600 * 1000;
const PAYLOAD_BYTES = 16 + 16 + 4 + 4;
const MAC_BYTES = 32;

export interface RsvpGrant {
  member: MemberProfile;
  eventId: string;
}

const uuidBytes = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex');
const uuidOf = (bytes: Buffer) =>
  bytes.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');

/**
 * The signed token in an RSVP link: member, event, expiry and the member's link version, under HMAC-SHA256 with the
 * space's secret. Base64url, 96 characters; compared in constant time; revoked by bumping the member's version.
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
    const token = Buffer.concat([payload, this.mac(payload)]).toString('base64url');
    return `${this.settings.publicUrl}/rsvp/${token}`;
  }

  /** The member and event a token grants an answer for, or null when it is tampered, expired or revoked. */
  async verify(token: string): Promise<RsvpGrant | null> {
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length !== PAYLOAD_BYTES + MAC_BYTES || bytes.toString('base64url') !== token) return null;
    const payload = bytes.subarray(0, PAYLOAD_BYTES);
    if (!timingSafeEqual(bytes.subarray(PAYLOAD_BYTES), this.mac(payload))) return null;
    if (payload.readUInt32BE(32) * 1000 < this.clock.now().getTime()) return null;
    const [member] = await this.members.profiles([uuidOf(payload.subarray(0, 16))]);
    if (!member || member.rsvpVersion !== payload.readUInt32BE(36)) return null;
    return { member, eventId: uuidOf(payload.subarray(16, 32)) };
  }

  private mac(payload: Buffer): Buffer {
    return createHmac('sha256', this.space.secretKey).update('rsvp:').update(payload).digest();
  }
}
