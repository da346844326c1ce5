import type { FastifyRequest } from 'fastify';

/** Who can change things: a signed-in organiser, a personal API token or the admin token. */
export const ACTOR_KINDS = ['organiser', 'api-token', 'admin-token'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Who makes a request to /api or /admin: what the audit trail records. */
export interface Actor {
  kind: ActorKind;
  /** The organiser signed in, or who owns the personal token; absent for the admin token. */
  memberId?: string;
  tokenId?: string;
  /** The organiser's name, the personal token's name, or "admin token". */
  name: string;
}

const ACTORS = new WeakMap<FastifyRequest, Actor>();

export function setActor(request: FastifyRequest, actor: Actor): void {
  ACTORS.set(request, actor);
}

export function actorOf(request: FastifyRequest): Actor | undefined {
  return ACTORS.get(request);
}
