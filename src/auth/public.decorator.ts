import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';

/** Marks a route that needs no organiser token (health, feeds, RSVP pages); such routes are rate-limited. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
