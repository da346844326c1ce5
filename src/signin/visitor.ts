import type { FastifyRequest } from 'fastify';
import { MemberProfile } from '../members/members.service';

/** A browser signed in: the member, and the hash of its session id (what the CSRF token is bound to). */
export interface Visitor {
  member: MemberProfile;
  sessionHash: string;
  /** The token every form posted with this session carries (hidden field `_csrf`). */
  csrf: string;
}

const VISITORS = new WeakMap<FastifyRequest, Visitor>();

export function setVisitor(request: FastifyRequest, visitor: Visitor): void {
  VISITORS.set(request, visitor);
}

/** The signed-in member of this request, once the session guard has read the cookie; undefined if anonymous. */
export function visitorOf(request: FastifyRequest): Visitor | undefined {
  return VISITORS.get(request);
}
