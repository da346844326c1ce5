import { applyDecorators, SetMetadata, UseFilters, UseGuards } from '@nestjs/common';
import { Public } from '../auth/public.decorator';
import { Role } from '../members/member.entity';
import { SignedInGuard } from './signed-in.guard';
import { SigninRedirectFilter } from './signin-redirect.filter';

export const SIGNED_IN_ROLE = 'signedInRole';
export const SESSION_NOT_USED = 'sessionNotUsed';

/**
 * A page for signed-in people (with `role`: only them). An anonymous browser is sent to `/signin?next=<this page>`
 * (303); a member without the role gets 403. No bearer token is asked: the session is the credential.
 */
export const SignedIn = (role?: Role) =>
  applyDecorators(
    Public(),
    SetMetadata(SIGNED_IN_ROLE, role ?? 'any'),
    UseGuards(SignedInGuard),
    UseFilters(SigninRedirectFilter),
  );

/**
 * A route that acts on a token of its own (an RSVP or sign-in link) and never on the session: a form posted to it
 * needs no CSRF token, even from a signed-in browser. Requests from another site are still refused.
 */
export const SessionNotUsed = () => SetMetadata(SESSION_NOT_USED, true);
