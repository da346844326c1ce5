import { Injectable } from '@nestjs/common';
import { Locale } from '../../common/locale';
import { EVENT_KINDS, VISIBILITIES } from '../../events/event.entity';
import { MembersService } from '../../members/members.service';
import { RoomsService } from '../../rooms/rooms.service';
import { TemplatesService } from '../../templates/templates.service';
import { EventField, EventForm } from './event-form';

/** Organisers choose hosts among all members on one page: a community of a few hundred. */
const MEMBERS_SHOWN = 500;

export interface Option {
  value: string;
  label: string;
  detail: string | null;
  selected: boolean;
}

/** One control of a form as the `events-field` partial draws it (every key present: templates are strict). */
export interface FieldView {
  name: string;
  label: string;
  hint: string | null;
  error: string | null;
  control: 'input' | 'textarea' | 'select' | 'checkboxes' | 'radios';
  /** Checkboxes or radios, drawn as a fieldset. */
  choices: boolean;
  /** The input's type: text, number, date... or checkbox, radio. */
  type: string;
  describedBy: string | null;
  value: string;
  options: Option[];
}

/** `hint`: the control has a hint, the text `adminEvents.hint.<name>`. */
type Spec = Pick<FieldView, 'name' | 'control'> & { type?: string; options?: Option[]; value?: string; hint?: boolean };

/** Builds the controls of the event and series forms: labels and hints in the reader's language, what was typed. */
@Injectable()
export class EventFormView {
  constructor(
    private readonly templates: TemplatesService,
    private readonly members: MembersService,
    private readonly rooms: RoomsService,
  ) {}

  field(locale: Locale, spec: Spec, form: Record<string, unknown>, errorOf: Record<string, string>): FieldView {
    const text = (key: string) => this.templates.text(locale, key);
    const value = form[spec.name];
    const error = errorOf[spec.name] ?? null;
    const choices = spec.control === 'checkboxes' || spec.control === 'radios';
    const describedBy = [spec.hint && `${spec.name}-hint`, error && `${spec.name}-error`].filter(Boolean).join(' ');
    return {
      name: spec.name,
      label: text(`adminEvents.field.${spec.name}`),
      hint: spec.hint ? text(`adminEvents.hint.${spec.name}`) : null,
      error,
      control: spec.control,
      choices,
      type: choices ? (spec.control === 'checkboxes' ? 'checkbox' : 'radio') : (spec.type ?? 'text'),
      describedBy: describedBy || null,
      value: spec.value ?? (typeof value === 'string' ? value : ''),
      options: spec.options ?? [],
    };
  }

  /** Options of a select or of radios, their labels the texts `<prefix>.<value>`. */
  options(locale: Locale, prefix: string, values: readonly string[], chosen: unknown): Option[] {
    const picked = Array.isArray(chosen) ? chosen : [chosen];
    return values.map((value) => ({
      value,
      label: this.templates.text(locale, `${prefix}.${value}`),
      detail: null,
      selected: picked.includes(value),
    }));
  }

  /**
   * The event's own controls, in the form's order (times apart: the series form asks for them in words). Hosts are
   * the members (guests aside) with a skill containing `hostSkill`, and every host already chosen.
   */
  async eventFields(
    locale: Locale,
    form: EventForm,
    errorOf: Record<string, string>,
    options: { times: boolean; hostSkill: string },
  ): Promise<FieldView[]> {
    const [rooms, { members }] = await Promise.all([
      this.rooms.list(),
      this.members.list({ limit: MEMBERS_SHOWN, offset: 0 }),
    ]);
    const skill = options.hostSkill.trim().toLowerCase();
    const chosen = form.hostIds ?? [];
    const hosts = members
      .filter((member) => member.membership !== 'guest' || chosen.includes(member.id))
      .filter(
        (member) => !skill || chosen.includes(member.id) || member.skills.some((s) => s.toLowerCase().includes(skill)),
      )
      .map((member) => ({
        value: member.id,
        label: member.name,
        detail: member.skills.join(', ') || null,
        selected: chosen.includes(member.id),
      }));
    const noRoom = {
      value: '',
      label: this.templates.text(locale, 'adminEvents.noRoom'),
      detail: null,
      selected: false,
    };
    const roomOptions = [
      noRoom,
      ...rooms.map((room) => ({
        value: room.id,
        label: room.capacity ? `${room.name} (${room.capacity})` : room.name,
        detail: null,
        selected: room.id === form.roomId,
      })),
    ];
    const specs: (Spec & { name: EventField | 'hostIds' })[] = [
      { name: 'kind', control: 'select', options: this.options(locale, 'kind', EVENT_KINDS, form.kind) },
      { name: 'title', control: 'input' },
      { name: 'theme', control: 'input', hint: true },
      { name: 'description', control: 'textarea' },
      ...(options.times
        ? [
            { name: 'startsAt' as const, control: 'input' as const, type: 'datetime-local', hint: true },
            { name: 'endsAt' as const, control: 'input' as const, type: 'datetime-local' },
          ]
        : []),
      { name: 'roomId', control: 'select', options: roomOptions },
      { name: 'location', control: 'input' },
      { name: 'capacity', control: 'input', type: 'number', hint: true },
      {
        name: 'visibility',
        control: 'radios',
        options: this.options(locale, 'adminEvents.visibility', VISIBILITIES, form.visibility ?? 'members'),
      },
      { name: 'hostIds', control: 'checkboxes', options: hosts, hint: true },
      ...(options.times
        ? [
            { name: 'minAttendees' as const, control: 'input' as const, type: 'number', hint: true },
            { name: 'quorumDeadline' as const, control: 'input' as const, type: 'datetime-local' },
          ]
        : []),
      { name: 'streamUrl', control: 'input', type: 'url' },
    ];
    return specs.map((spec) => this.field(locale, spec, form as Record<string, unknown>, errorOf));
  }
}
