import { Injectable } from '@nestjs/common';
import { MemberResponse } from '../../members/member.dto';
import { MembersService } from '../../members/members.service';

/** More than a coworking space has (about 150): the pages list them all, to pick from. */
const MAX_MEMBERS = 5000;

/** Every member, by name: whom the event's forms may pick, invite or check in. */
@Injectable()
export class AllMembers {
  constructor(private readonly members: MembersService) {}

  async list(): Promise<MemberResponse[]> {
    return (await this.members.list({ limit: MAX_MEMBERS, offset: 0 })).members;
  }

  async names(): Promise<Map<string, string>> {
    return new Map((await this.list()).map((member) => [member.id, member.name]));
  }
}
