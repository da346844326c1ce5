import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Clock } from '../common/clock';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { randomToken, sha256, sha256Digest } from '../common/tokens';
import { SpaceSetting } from './space-setting.entity';

const SECRET_KEY = 'secretKey';
const ORGANISER_TOKEN_HASH = 'organiserTokenHash';
const MAC_BYTES = 32;

/** Space-wide secrets: the key that signs links and the organiser token (only its hash is kept). */
@Injectable()
export class SpaceService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Rencontres');
  private secret: string;
  private organiserTokenDigest: Buffer;

  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    @InjectRepository(SpaceSetting) private readonly stored: Repository<SpaceSetting>,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.secret = this.settings.secretKey ?? (await this.keepOnce(SECRET_KEY, randomToken()));
    const hash = this.settings.adminToken ? sha256(this.settings.adminToken) : await this.firstStartToken();
    this.organiserTokenDigest = Buffer.from(hash, 'hex');
  }

  /** A token carrying `payload`, signed with HMAC-SHA256 and the space's secret for one purpose ("rsvp"...). */
  sign(purpose: string, payload: Buffer): string {
    return Buffer.concat([payload, this.mac(purpose, payload)]).toString('base64url');
  }

  /** The payload of a token signed for `purpose`, or null when it was tampered with (compared in constant time). */
  verify(purpose: string, token: string, payloadBytes: number): Buffer | null {
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length !== payloadBytes + MAC_BYTES || bytes.toString('base64url') !== token) return null;
    const payload = bytes.subarray(0, payloadBytes);
    return timingSafeEqual(bytes.subarray(payloadBytes), this.mac(purpose, payload)) ? payload : null;
  }

  /** HMAC-SHA256 of `text` with the space's secret, for one purpose: a value only this server can make. */
  keyedHash(purpose: string, text: string): string {
    return this.mac(purpose, Buffer.from(text)).toString('base64url');
  }

  private mac(purpose: string, payload: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(`${purpose}:`).update(payload).digest();
  }

  /**
   * Both sides are SHA-256 digests, of one length, so they are compared as they are, in constant time: one hash a
   * request (it runs on every API request), where hashing both again to equal their lengths made three.
   */
  isOrganiserToken(token: string): boolean {
    const digest = sha256Digest(token);
    return digest.length === this.organiserTokenDigest.length && timingSafeEqual(digest, this.organiserTokenDigest);
  }

  /** On the very first start without ADMIN_TOKEN: a token is made, printed once, and only its hash kept. */
  private async firstStartToken(): Promise<string> {
    const token = randomToken();
    const kept = await this.keepOnce(ORGANISER_TOKEN_HASH, sha256(token));
    if (kept === sha256(token)) {
      this.logger.warn(
        `First start: the organiser token is ${token} — keep it now, it is not shown again ` + `(or set ADMIN_TOKEN).`,
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
