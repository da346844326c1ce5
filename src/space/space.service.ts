import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Clock } from '../common/clock';
import { randomToken, sameSecret, sha256 } from '../common/tokens';
import { SpaceSetting } from './space-setting.entity';

const SECRET_KEY = 'secretKey';
const ORGANISER_TOKEN_HASH = 'organiserTokenHash';

/** Space-wide secrets: the key that signs links and the organiser token (only its hash is kept). */
@Injectable()
export class SpaceService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Rencontres');
  private secret: string;
  private organiserTokenHash: string;

  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    @InjectRepository(SpaceSetting) private readonly stored: Repository<SpaceSetting>,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.secret = this.settings.secretKey ?? (await this.keepOnce(SECRET_KEY, randomToken()));
    this.organiserTokenHash = this.settings.adminToken
      ? sha256(this.settings.adminToken)
      : await this.firstStartToken();
  }

  get secretKey(): string {
    return this.secret;
  }

  isOrganiserToken(token: string): boolean {
    return sameSecret(sha256(token), this.organiserTokenHash);
  }

  /** On the very first start without ADMIN_TOKEN: a token is made, printed once, and only its hash kept. */
  private async firstStartToken(): Promise<string> {
    const token = randomToken();
    const kept = await this.keepOnce(ORGANISER_TOKEN_HASH, sha256(token));
    if (kept === sha256(token)) {
      this.logger.warn(
        `First start: the organiser token is ${token} — keep it now, it is not shown again ` +
          `(or set ADMIN_TOKEN).`,
      );
    }
    return kept;
  }

  /** Stores the value unless one is already there (another process may have raced us) and returns what is kept. */
  private async keepOnce(key: string, value: string): Promise<string> {
    await this.stored
      .createQueryBuilder()
      .insert()
      .values({ key, value, createdAt: this.clock.now() })
      .orIgnore()
      .execute();
    return (await this.stored.findOneByOrFail({ key })).value;
  }
}
