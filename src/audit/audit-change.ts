/** What the audit trail records of one successful change, read from its route. */
export interface Change {
  action: string;
  thingKind: string;
  thingId: string | null;
  related: Record<string, string>;
  fields: string[];
}

/** The kind of thing behind each collection of /api and /admin, in the words of the API. */
const KIND_OF: Record<string, string> = {
  members: 'member',
  events: 'event',
  series: 'series',
  rooms: 'room',
  cohorts: 'cohort',
  outbox: 'mail',
  tokens: 'api-token',
};
const VERB_OF: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'update', DELETE: 'delete' };

/** Whether a request with this method may change something (a GET or HEAD never does). */
export const mayChange = (method: string) => method in VERB_OF;
/** Form fields that are no change of the thing. */
const NOT_FIELDS = new Set(['_csrf']);

/**
 * Reads a change from its route pattern: `PATCH /api/members/:id` is `update` of member `:id`; `POST /api/events`
 * is `create` of the event whose id the answer (or the handler) gives; `POST /api/events/:id/cancel` is `cancel`;
 * `PUT /api/events/:id/registrations/:memberId` is `registrations.update`, with `memberId` among the related ids.
 */
export function changeOf(
  method: string,
  route: string,
  params: Record<string, string>,
  body: unknown,
  createdId: string | null,
): Change | null {
  const verb = VERB_OF[method];
  const segments = route.split('/').filter(Boolean);
  if (!verb || !['api', 'admin'].includes(segments[0]) || segments.length < 2) return null;
  const [collection, idSegment, ...rest] = segments.slice(1);
  const idParam = idSegment?.startsWith(':') ? idSegment.slice(1) : null;
  const tail = idParam ? rest : [idSegment, ...rest].filter((segment) => segment !== undefined);
  const literals = tail.filter((segment) => !segment.startsWith(':'));
  const endsWithParam = tail.length > 0 && tail[tail.length - 1].startsWith(':');
  const action =
    literals.length === 0
      ? verb
      : endsWithParam || method !== 'POST'
        ? `${literals.join('.')}.${verb}`
        : literals.join('.');
  const related = Object.fromEntries(Object.entries(params).filter(([name]) => name !== idParam));
  const fields =
    body && typeof body === 'object' && !Array.isArray(body)
      ? Object.keys(body).filter((name) => !NOT_FIELDS.has(name))
      : [];
  return {
    action,
    thingKind: KIND_OF[collection] ?? collection,
    thingId: (idParam && params[idParam]) || createdId,
    related,
    fields,
  };
}
