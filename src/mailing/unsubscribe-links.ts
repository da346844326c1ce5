import { Inject, Injectable } from '@nestjs/common';
import { uuidBytes, uuidOf } from '../common/uuid-bytes';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { SpaceService } from '../space/space.service';

/** The signed link in List-Unsubscribe and in every mail's footer: it names the member and nothing else. */
@Injectable()
export class UnsubscribeLinks {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly space: SpaceService,
  ) {}

  url(memberId: string): string {
    return `${this.settings.publicUrl}/unsubscribe/${this.space.sign('unsubscribe', uuidBytes(memberId))}`;
  }

  memberIdOf(token: string): string | null {
    const payload = this.space.verify('unsubscribe', token, 16);
    return payload && uuidOf(payload);
  }
}
