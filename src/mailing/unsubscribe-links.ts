import { Inject, Injectable } from '@nestjs/common';
import { uuidBytes, uuidOf } from '../common/uuid-bytes';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { MemberProfile, MembersService } from '../members/members.service';
import { SpaceService } from '../space/space.service';

const PAYLOAD_BYTES = 16 + 4;
/** Links sent before they carried the link version name the member alone: they work while it is still 0. */
const VERSIONLESS_PAYLOAD_BYTES = 16;

/**
 * The signed link in List-Unsubscribe and in every mail's footer: the member and their link version, so that revoking
 * the member's links (POST /api/members/:id/rsvp-links/revoke) stops it too.
 */
@Injectable()
export class UnsubscribeLinks {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly space: SpaceService,
    private readonly members: MembersService,
  ) {}

  url(member: MemberProfile): string {
    const payload = Buffer.alloc(PAYLOAD_BYTES);
    uuidBytes(member.id).copy(payload, 0);
    payload.writeUInt32BE(member.rsvpVersion, 16);
    return `${this.settings.publicUrl}/unsubscribe/${this.space.sign('unsubscribe', payload)}`;
  }

  /** The member a token names, or null when it was tampered with or the member's links were revoked since. */
  async memberOf(token: string): Promise<MemberProfile | null> {
    const payload =
      this.space.verify('unsubscribe', token, PAYLOAD_BYTES) ??
      this.space.verify('unsubscribe', token, VERSIONLESS_PAYLOAD_BYTES);
    if (!payload) return null;
    const version = payload.length === PAYLOAD_BYTES ? payload.readUInt32BE(16) : 0;
    const [member] = await this.members.profiles([uuidOf(payload.subarray(0, 16))]);
    return member?.rsvpVersion === version ? member : null;
  }
}
