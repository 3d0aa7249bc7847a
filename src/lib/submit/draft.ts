import type { MessageKey } from '$lib/i18n';
import { fieldIssues } from '$lib/schemas/issues';
import {
	IDEA_KINDS,
	NEED_TYPES,
	STEPS,
	detailsSchema,
	placeSchema,
	textSchema,
	type Step,
	type Submission
} from '$lib/schemas/submission';
import { z } from '$lib/schemas/zod';

/**
 * The submission draft lives in the browser's storage while the wizard runs (nothing is sent
 * before the last step), under a versioned key: a later shape gets a new key, and an old or
 * damaged entry is simply not used. Without JavaScript the step forms carry it (ADR 004).
 */
export const DRAFT_KEY = 'stadtidee.submission-draft.v1';

/** A version-4 uuid; crypto.randomUUID is missing outside secure contexts (plain http on a LAN). */
export function newDraftId(random: Crypto = globalThis.crypto): string {
	if (typeof random.randomUUID === 'function') return random.randomUUID();
	const bytes = random.getRandomValues(new Uint8Array(16));
	bytes[6] = (bytes[6]! & 0x0f) | 0x40;
	bytes[8] = (bytes[8]! & 0x3f) | 0x80;
	const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function emptyDraft(id = newDraftId()): Draft {
	return {
		id,
		lat: null,
		lng: null,
		townWide: false,
		placeSource: null,
		district: '',
		placeHint: '',
		title: '',
		body: '',
		kind: 'idea',
		field: '',
		needType: '',
		round: ''
	};
}

/** How the point was found: the map, the device's location, or a district's centre. */
const PLACE_SOURCES = ['map', 'gps', 'district'] as const;
export type PlaceSource = (typeof PLACE_SOURCES)[number];

const text = z.string().catch('');
// Storage keeps numbers, a form sends strings; an empty field is no coordinate (Number('') is 0).
const coordinate = z
	.preprocess(
		(value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
		z.number().nullable()
	)
	.catch(null);

/** Every field a submission has (submissionSchema), each read leniently: storage is user-editable. */
const SUBMISSION_FIELDS = {
	id: z.uuid(),
	lat: coordinate,
	lng: coordinate,
	// Storage keeps a boolean, a form sends "true" or "false".
	townWide: z.preprocess((value) => value === true || value === 'true', z.boolean()).catch(false),
	placeHint: text,
	title: text,
	body: text,
	kind: z.enum(IDEA_KINDS).catch('idea'),
	field: text,
	needType: z.enum(NEED_TYPES).or(z.literal('')).catch(''),
	/** The participation round picked (a wish: the database files the idea where it fits). */
	round: text
} satisfies Record<keyof Submission, z.ZodType>;

/**
 * A draft from untrusted fields (the browser's storage, or the hidden fields a step's form carries
 * without JavaScript): the submission's fields, each still possibly empty, and how the point was
 * found. Only a missing or malformed id makes it unusable; any other odd field falls back to empty.
 */
const draftSchema = z
	.object({
		...SUBMISSION_FIELDS,
		placeSource: z.enum(PLACE_SOURCES).nullable().catch(null),
		/** The district's slug when placeSource is 'district'. */
		district: text
	})
	.transform((draft) => {
		// The whole town is no place on the map: no point, no district.
		if (draft.townWide) return { ...draft, lat: null, lng: null, placeSource: null, district: '' };
		const hasPoint = draft.lat !== null && draft.lng !== null;
		return hasPoint ? draft : { ...draft, lat: null, lng: null, placeSource: null };
	});
export type Draft = z.output<typeof draftSchema>;

export function parseDraft(stored: Record<string, unknown>): Draft | null {
	const parsed = draftSchema.safeParse(stored);
	return parsed.success ? parsed.data : null;
}

/**
 * The stored draft, or null when there is none or it cannot be trusted (another version,
 * damaged JSON, no id): storage is user-editable.
 */
export function readDraft(storage: Pick<Storage, 'getItem'>): Draft | null {
	let raw: unknown;
	try {
		raw = JSON.parse(storage.getItem(DRAFT_KEY) ?? 'null');
	} catch {
		return null;
	}
	return raw && typeof raw === 'object' ? parseDraft(raw as Record<string, unknown>) : null;
}

/** Saves the draft; a full or blocked storage (private mode) only costs the draft, not the page. */
export function writeDraft(storage: Pick<Storage, 'setItem'>, draft: Draft): boolean {
	try {
		storage.setItem(DRAFT_KEY, JSON.stringify(draft));
		return true;
	} catch {
		return false;
	}
}

export function clearDraft(storage: Pick<Storage, 'removeItem'>): void {
	try {
		storage.removeItem(DRAFT_KEY);
	} catch {
		// Blocked storage holds no draft to clear.
	}
}

/** Whether anyone has typed or picked anything yet (an untouched draft is not worth keeping). */
export function isBlank(draft: Draft): boolean {
	return (
		draft.lat === null &&
		!draft.townWide &&
		!draft.title &&
		!draft.body &&
		!draft.placeHint &&
		!draft.field
	);
}

export type StepIssues = Partial<Record<string, MessageKey>>;

/** What keeps a step's fields from being valid (field → message key); empty when nothing does. */
export function stepIssues(step: Step, draft: Draft): StepIssues {
	if (step === 'ort') {
		const place = {
			townWide: draft.townWide,
			lat: draft.lat ?? undefined,
			lng: draft.lng ?? undefined,
			placeHint: draft.placeHint
		};
		const parsed = placeSchema.safeParse(place);
		return parsed.success ? {} : fieldIssues(parsed.error);
	}
	if (step === 'was') {
		const parsed = textSchema.safeParse({ title: draft.title, body: draft.body });
		return parsed.success ? {} : fieldIssues(parsed.error);
	}
	if (step === 'details') {
		const details = { kind: draft.kind, field: draft.field, needType: draft.needType };
		const parsed = detailsSchema.safeParse(details);
		return parsed.success ? {} : fieldIssues(parsed.error);
	}
	return {};
}

/**
 * The furthest step the draft may be shown at: the first whose fields are not yet valid, or the
 * review. A reload or a link to `?schritt=pruefen` with an unfinished draft lands there instead.
 */
export function furthestStep(draft: Draft): Step {
	return STEPS.find((step) => Object.keys(stepIssues(step, draft)).length > 0) ?? 'pruefen';
}

/** The step a URL asks for (`?schritt=`), the first one when it names none. */
export function parseStep(value: string | null): Step {
	return STEPS.find((step) => step === value) ?? STEPS[0];
}

/** The step to show: the one asked for, unless the draft is not that far yet. */
export function visibleStep(requested: Step, draft: Draft): Step {
	const furthest = furthestStep(draft);
	return STEPS.indexOf(requested) <= STEPS.indexOf(furthest) ? requested : furthest;
}

/** The fields that only mean something together: a point (or the whole town) and how it was found. */
const PLACE_FIELDS = ['lat', 'lng', 'townWide', 'placeSource', 'district'] as const;
const TEXT_FIELDS = ['placeHint', 'title', 'body', 'kind', 'field', 'needType', 'round'] as const;

function copy<K extends keyof Draft>(to: Draft, from: Draft, key: K) {
	to[key] = from[key];
}

/**
 * The draft to go on with when the wizard starts in the browser: `base` (the stored draft, or the
 * one the server drew), plus whatever was entered in the server-drawn form before the wizard took
 * over: each field in which `entered` differs from `drawn`. A choice made in the first moments on
 * a slow phone is kept, not silently reset.
 */
export function withEarlyEdits(base: Draft, drawn: Draft, entered: Draft): Draft {
	const merged = { ...base };
	const changed = (key: keyof Draft) => entered[key] !== drawn[key];
	if (PLACE_FIELDS.some(changed)) for (const key of PLACE_FIELDS) copy(merged, entered, key);
	for (const key of TEXT_FIELDS) if (changed(key)) copy(merged, entered, key);
	return merged;
}

/** What the wizard knows when its script starts in the browser. */
export interface WizardStart {
	/** The draft kept in this browser, if any. */
	stored: Draft | null;
	/** The server's answer to a step form or submission sent before the script started. */
	answer?: { draft?: Draft; fresh?: boolean; submitted?: { id: string } } | null;
	/** The draft the server drew the page with (the answer's, or a blank one without an id). */
	drawn: Draft;
	/** What was entered in the server-drawn form before the script started. */
	entered?: Draft;
	/** The slugs of the fields of action that exist now. */
	fields: readonly string[];
}

/**
 * The draft the wizard goes on with. Nothing a person entered is lost: not the stored draft, not
 * a step form's answer (which the server made without seeing the stored draft), not what was
 * typed before the script started.
 */
export function startingDraft(
	{ stored, answer, drawn, entered, fields }: WizardStart,
	newId: () => string = newDraftId
): Draft {
	// Sent without the script and done: a stored draft is kept unless it was this one.
	if (answer?.submitted) {
		return stored && stored.id !== answer.submitted.id ? stored : emptyDraft(newId());
	}
	// From a page drawn blank (the answer has no id yet), what was filled in there goes on top of
	// the stored draft; otherwise the answer carries the whole draft.
	const returned = answer?.draft;
	const base =
		returned && stored && answer?.fresh
			? withEarlyEdits(stored, emptyDraft(returned.id), returned)
			: (returned ?? stored ?? drawn);
	const draft = { ...(entered ? withEarlyEdits(base, drawn, entered) : base) };
	// A draft begun on a page drawn blank has no id yet: it gets one where it is kept.
	if (!draft.id) draft.id = newId();
	// A field of action the city has removed since (an old draft, a refused idea taken back from the
	// outbox) is chosen anew: the wizard stops at that step instead of a doomed review.
	if (draft.field && !fields.includes(draft.field)) draft.field = '';
	return draft;
}
