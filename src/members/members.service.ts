import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { randomToken } from '../common/tokens';
import { PlainSql } from '../database/plain-sql';
import { Transactions } from '../database/transactions';
import { unlessTaken } from '../database/unique-violation';
import { CreateMemberDto, MemberResponse, UpdateMemberDto } from './member.dto';
import { firstMailPreferences, MAIL_TOPICS, MailPreferences, MailTopic } from './mail-preferences';
import { Member, Membership } from './member.entity';

export type MemberProfile = Pick<
  Member,
  'id' | 'name' | 'email' | 'locale' | 'company' | 'role' | 'membership' | 'rsvpVersion'
> & {
  mailPreferences: MailPreferences;
};

/** The scope of derived data that is one member's own (their feed: their answers, their name). */
export const memberScope = (id: string) => `member:${id}`;

/** How rows that outlive an erased member (their answers, seats, cohort place) show the person who is gone. */
export const ERASED_MEMBER_NAME = 'Membre effacé';

export interface MemberFilter {
  /** In the name, the email or a skill. */
  text?: string;
  membership?: Membership;
}

export interface Page {
  limit: number;
  offset: number;
}

const TOPIC_COLUMN: Record<MailTopic, 'mailInvitations' | 'mailReminders' | 'mailDigest'> = {
  invitations: 'mailInvitations',
  reminders: 'mailReminders',
  digest: 'mailDigest',
};

const preferencesOf = (member: Member) =>
  Object.fromEntries(MAIL_TOPICS.map((topic) => [topic, member[TOPIC_COLUMN[topic]]])) as MailPreferences;

/** The columns that hold the given preferences; those left out are not written. */
const preferenceColumns = (preferences: Partial<MailPreferences>): Partial<Member> =>
  Object.fromEntries(
    MAIL_TOPICS.filter((topic) => preferences[topic] !== undefined).map((topic) => [
      TOPIC_COLUMN[topic],
      preferences[topic],
    ]),
  );

const profileOf = (member: Member): MemberProfile => {
  const { id, name, email, locale, company, role, membership, rsvpVersion } = member;
  return { id, name, email, locale, company, role, membership, rsvpVersion, mailPreferences: preferencesOf(member) };
};

/** The fields given (an import's empty cells leave a member's field as it is). */
function definedOf<T extends object>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

@Injectable()
export class MembersService {
  constructor(
    @InjectRepository(Member) private readonly members: Repository<Member>,
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly transactions: Transactions,
    private readonly sql: PlainSql,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateMemberDto): Promise<MemberResponse> {
    const member = this.newMember(input, this.clock.now());
    await this.saveUnique(member);
    return this.toResponse(member);
  }

  /**
   * Adds or updates many members at once (an import), all or nothing: a row whose email a member has (in any case)
   * updates that member with the fields it gives; the others are new members.
   */
  async upsert(rows: CreateMemberDto[]): Promise<{ created: number; updated: number }> {
    const now = this.clock.now();
    return unlessTaken(
      () =>
        this.transactions.run(async (manager) => {
          let updated = 0;
          for (const row of rows) {
            const existing = await manager.findOneBy(Member, { email: row.email.toLowerCase(), erasedAt: IsNull() });
            if (existing) {
              const { email: _email, ...given } = row;
              await manager.update(Member, { id: existing.id }, { ...definedOf(given), updatedAt: now });
              updated += 1;
            } else {
              await manager.insert(Member, this.newMember(row, now));
            }
          }
          return { created: rows.length - updated, updated };
        }),
      // Another request added one of these addresses meanwhile: nothing was written; importing again updates it.
      () => new DomainError(ErrorCode.EMAIL_TAKEN, 'A member with one of these emails was added meanwhile'),
    );
  }

  /** Members whose name, email or a skill holds `text` (any case), of one membership; by name. */
  async search(filter: MemberFilter, page: Page): Promise<{ members: MemberResponse[]; total: number }> {
    const query = this.members.createQueryBuilder('member').where('member.erasedAt IS NULL');
    if (filter.text) {
      const like = `%${filter.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere(
        "(LOWER(member.name) LIKE :like ESCAPE '\\' OR member.email LIKE :like ESCAPE '\\' OR LOWER(member.skills) LIKE :like ESCAPE '\\')",
        { like },
      );
    }
    if (filter.membership) query.andWhere('member.membership = :membership', { membership: filter.membership });
    const [members, total] = await query
      .orderBy('member.name', 'ASC')
      .addOrderBy('member.id', 'ASC')
      .take(page.limit)
      .skip(page.offset)
      .getManyAndCount();
    return { members: members.map((member) => this.toResponse(member)), total };
  }

  /** The emails among `emails` (lower case) that a member has. */
  async takenEmails(emails: string[]): Promise<Set<string>> {
    if (emails.length === 0) return new Set();
    const found = await this.members.find({
      select: { email: true },
      where: { email: In(emails), erasedAt: IsNull() },
    });
    return new Set(found.map((member) => member.email));
  }

  async list(page: Page): Promise<{ members: MemberResponse[]; total: number }> {
    return this.search({}, page);
  }

  async get(id: string): Promise<MemberResponse> {
    return this.toResponse(await this.find(id));
  }

  /** Several members as the API shows them, for pages that list people; unknown ids are left out. */
  async getMany(ids: string[]): Promise<MemberResponse[]> {
    if (ids.length === 0) return [];
    return (await this.members.findBy({ id: In(ids) })).map((member) => this.toResponse(member));
  }

  async update(id: string, changes: UpdateMemberDto): Promise<MemberResponse> {
    const member = await this.find(id);
    const { mailPreferences, ...profile } = changes;
    Object.assign(member, profile, preferenceColumns(mailPreferences ?? {}), {
      email: changes.email?.toLowerCase() ?? member.email,
      updatedAt: this.clock.now(),
    });
    await this.saveUnique(member);
    return this.toResponse(member);
  }

  /** What other modules may know of members: who they are, how to write to them, which links are valid. */
  async profiles(ids: string[]): Promise<MemberProfile[]> {
    if (ids.length === 0) return [];
    // Plain SQL: every answer reads its member here.
    const members = await this.sql.find(
      this.members.manager,
      Member,
      `${this.sql.among('"id"')} AND "erasedAt" IS NULL`,
      [this.sql.oneOf(ids)],
    );
    return members.map(profileOf);
  }

  async profile(id: string): Promise<MemberProfile> {
    const [profile] = await this.profiles([id]);
    if (!profile) throw notFound('Member', id);
    return profile;
  }

  /** The member with this address, whatever its case. */
  async byEmail(email: string): Promise<MemberProfile | null> {
    const member = await this.members.findOneBy({ email: email.trim().toLowerCase(), erasedAt: IsNull() });
    return member && profileOf(member);
  }

  async hasOrganiser(): Promise<boolean> {
    return (await this.members.countBy({ role: 'organiser', erasedAt: IsNull() })) > 0;
  }

  async byFeedToken(feedToken: string): Promise<MemberProfile | null> {
    const member = await this.members.findOneBy({ feedToken });
    return member && (await this.profile(member.id));
  }

  /** A new private feed URL; the old one stops working at once. */
  async rotateFeedToken(id: string): Promise<MemberResponse> {
    await this.find(id);
    await this.transactions.run(
      (manager) => manager.update(Member, { id }, { feedToken: randomToken(), updatedAt: this.clock.now() }),
      { touches: [memberScope(id)] },
    );
    return this.get(id);
  }

  /** Turns kinds of mail on or off (an unsubscribe link, the member's own page); the kinds left out stay as they are. */
  async setMailPreferences(id: string, changes: Partial<MailPreferences>): Promise<MailPreferences> {
    await this.find(id);
    await this.transactions.run(
      (manager) => manager.update(Member, { id }, { ...preferenceColumns(changes), updatedAt: this.clock.now() }),
      { touches: [] },
    );
    return preferencesOf(await this.find(id));
  }

  /** Of the members among `ids`, those who receive this kind of mail. */
  async receiving(topic: MailTopic, ids?: string[]): Promise<MemberProfile[]> {
    if (ids?.length === 0) return [];
    const members = await this.members.find({
      where: { [TOPIC_COLUMN[topic]]: true, ...(ids && { id: In(ids) }) },
      order: { name: 'ASC', id: 'ASC' },
    });
    return members.map(profileOf);
  }

  /** Invalidates every RSVP link the member was ever sent. */
  async revokeRsvpLinks(id: string): Promise<void> {
    const member = await this.find(id);
    await this.transactions.run(
      (manager) => manager.update(Member, { id }, { rsvpVersion: member.rsvpVersion + 1, updatedAt: this.clock.now() }),
      { touches: [] },
    );
  }

  async allIds(): Promise<string[]> {
    return (
      await this.members.find({ select: { id: true }, where: { erasedAt: IsNull() }, order: { name: 'ASC' } })
    ).map((member) => member.id);
  }

  /** The ids among `ids` that name no member; used by other modules to refuse unknown ids. */
  async unknownIds(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = await this.members.find({ select: { id: true }, where: { id: In(ids), erasedAt: IsNull() } });
    const known = new Set(found.map((member) => member.id));
    return ids.filter((id) => !known.has(id));
  }

  /**
   * Empties the member's row in the caller's unit of work (the erasure): nothing of the person stays, no lookup finds
   * it, and their links stop working (new feed token, RSVP version bumped). The row stays because their
   * registrations, seats and mails still point to it.
   */
  async erase(manager: EntityManager, id: string): Promise<void> {
    const member = await manager.findOneBy(Member, { id, erasedAt: IsNull() });
    if (!member) throw notFound('Member', id);
    const now = this.clock.now();
    await manager.update(
      Member,
      { id },
      {
        name: ERASED_MEMBER_NAME,
        // Unique and no one's address: the person's own may join again.
        email: `erased-${id}@erased.invalid`,
        skills: [],
        company: null,
        bio: null,
        role: 'member',
        feedToken: randomToken(),
        rsvpVersion: member.rsvpVersion + 1,
        ...preferenceColumns({ invitations: false, reminders: false, digest: false }),
        erasedAt: now,
        updatedAt: now,
      },
    );
  }

  private newMember(input: CreateMemberDto, now: Date): Member {
    return this.members.create({
      id: randomUUID(),
      name: input.name,
      email: input.email.toLowerCase(),
      locale: input.locale ?? 'fr',
      skills: input.skills ?? [],
      membership: input.membership ?? 'nomad',
      company: input.company ?? null,
      bio: input.bio ?? null,
      role: 'member',
      feedToken: randomToken(),
      rsvpVersion: 0,
      ...preferenceColumns({ ...firstMailPreferences(input.membership ?? 'nomad'), ...input.mailPreferences }),
      erasedAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  private async find(id: string): Promise<Member> {
    const member = await this.members.findOneBy({ id, erasedAt: IsNull() });
    if (!member) throw notFound('Member', id);
    return member;
  }

  /** A profile edit changes what the member's own feed shows (their name); the email must stay unique. */
  private async saveUnique(member: Member): Promise<void> {
    await unlessTaken(
      () => this.transactions.run((manager) => manager.save(member), { touches: [memberScope(member.id)] }),
      () =>
        new DomainError(ErrorCode.EMAIL_TAKEN, `A member with the email ${member.email} already exists`, {
          field: 'email',
        }),
    );
  }

  private toResponse(member: Member): MemberResponse {
    const {
      feedToken,
      rsvpVersion: _rsvpVersion,
      erasedAt: _erasedAt,
      mailInvitations: _invitations,
      mailReminders: _reminders,
      mailDigest: _digest,
      ...rest
    } = member;
    return {
      ...rest,
      mailPreferences: preferencesOf(member),
      feedUrl: `${this.settings.publicUrl}/calendar/members/${feedToken}.ics`,
    };
  }
}
